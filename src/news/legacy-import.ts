/**
 * One-time import of a store written by release 0.1, which kept everything in keyv's `keyv` table
 * of the same SQLite file (namespace `news`: stories, GUID maps, URL pointers, source states, the
 * last-ingest mark; other namespaces: registration hashes, chat migrations, page cursors). Stories
 * and source states move into the tables, other namespaces into `kv`. Runs in one transaction and
 * is recorded in `app_meta`, so it happens once; the old table is left untouched.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../storage/database.js';
import { urlIdentity } from './dedupe.js';
import { canonicalUrl } from './normalize.js';
import { insertStories, lockCounter, upsertIngestMark, upsertSource } from './sql-story-repository.js';
import type { SourceState, Story } from './types.js';

const DONE_KEY = 'legacy-keyv-import';

/** What an import did. */
export interface LegacyImportResult {
  stories: number;
  sources: number;
  otherKeys: number;
}

const oldStory = z.object({
  id: z.string(),
  title: z.string(),
  url: z.string(),
  summary: z.string().default(''),
  publishedAt: z.string(),
  firstSeenAt: z.string(),
  language: z.string().optional(),
  sources: z.array(z.object({ sourceId: z.string(), url: z.string(), title: z.string(), publishedAt: z.string() })),
  topics: z.array(z.object({ topic: z.string(), score: z.number() })),
  keys: z.array(z.string()).default([]),
});

const oldSource = z.object({
  id: z.string(),
  url: z.string(),
  healthy: z.boolean(),
  consecutiveFailures: z.number(),
  errorCount: z.number().default(0),
  lastError: z.object({ at: z.string(), reason: z.string() }).optional(),
  lastAttemptAt: z.string().optional(),
  lastSuccessAt: z.string().optional(),
  nextAttemptAt: z.string().optional(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  itemCount: z.number().default(0),
  seeded: z.boolean().default(false),
});

const oldMark = z.object({ at: z.string(), sourcesOk: z.number(), sourcesFailed: z.number(), newStories: z.number() });

/** keyv's default serializer: `{ value, expires }` as JSON, strings that begin with ":" escaped as "::". */
function parseKeyv(text: string): { value: unknown; expires?: number } | undefined {
  try {
    const o = JSON.parse(text, (_k, v: unknown) => (typeof v === 'string' && v.startsWith('::') ? v.slice(1) : v)) as unknown;
    return typeof o === 'object' && o !== null ? (o as { value: unknown; expires?: number }) : undefined;
  } catch {
    return undefined;
  }
}

/** True when the database holds release 0.1's keyv table and it has not been imported yet. */
export async function legacyStorePending(database: Database): Promise<boolean> {
  if (database.dialect !== 'sqlite') return false;
  const table = await sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'keyv'`.execute(database.db);
  if (Number(table.rows[0]?.n ?? 0) === 0) return false;
  const done = await database.db.selectFrom('app_meta').select('key').where('key', '=', DONE_KEY).executeTakeFirst();
  return !done;
}

/** Imports release 0.1's keyv data once (no-op when there is none or it was imported). */
export async function importLegacyStore(database: Database, now: () => number = Date.now): Promise<LegacyImportResult | undefined> {
  if (!(await legacyStorePending(database))) return undefined;
  return database.db.transaction().execute(async (trx) => {
    const sequence = await lockCounter(trx);
    const rows = (await sql<{ key: string; value: string }>`SELECT key, value FROM keyv`.execute(trx)).rows;
    const stories: Story[] = [];
    const urls: Array<{ url_key: string; story_id: string }> = [];
    const guids: Array<{ source_id: string; guid_key: string; story_id: string }> = [];
    const sources: SourceState[] = [];
    const other: Array<{ key: string; value: string; expires_at: number | null }> = [];
    let mark: z.infer<typeof oldMark> | undefined;
    const guidMaps: Array<[string, Record<string, unknown>]> = [];
    for (const row of rows) {
      if (!row.key.startsWith('news:')) {
        const parsed = parseKeyv(row.value);
        if (parsed?.expires !== undefined && parsed.expires <= now()) continue;
        other.push({ key: row.key, value: row.value, expires_at: typeof parsed?.expires === 'number' ? parsed.expires : null });
        continue;
      }
      const key = row.key.slice('news:'.length);
      const value = parseKeyv(row.value)?.value;
      if (key.startsWith('s:')) {
        const s = oldStory.safeParse(value);
        if (!s.success) continue;
        const o = s.data;
        const canonical = canonicalUrl(o.url) ?? o.url;
        stories.push({
          id: o.id,
          title: o.title,
          url: o.url,
          canonicalUrl: canonical,
          summary: o.summary,
          publishedAt: o.publishedAt,
          firstSeenAt: o.firstSeenAt,
          ...(o.language ? { language: o.language } : {}),
          sources: o.sources.map((x) => ({ ...x, url: canonicalUrl(x.url) ?? x.url })),
          topics: o.topics,
          // Imported stories were already handled by the old release: they never alert.
          announce: false,
          firstPass: true,
        });
        urls.push({ url_key: urlIdentity(canonical).key, story_id: o.id });
        for (const k of o.keys) if (k.startsWith('u:')) urls.push({ url_key: k, story_id: o.id });
      } else if (key.startsWith('src:')) {
        const s = oldSource.safeParse(value);
        if (s.success) sources.push(s.data as SourceState);
      } else if (key.startsWith('gm:') && typeof value === 'object' && value !== null) {
        guidMaps.push([key.slice(3), value as Record<string, unknown>]);
      } else if (key === 'm:last-ingest') {
        const m = oldMark.safeParse(value);
        if (m.success) mark = m.data;
      }
    }
    const present = new Set<string>();
    for (let i = 0; i < stories.length; i += 400) {
      const ids = stories.slice(i, i + 400).map((s) => s.id);
      for (const r of await trx.selectFrom('stories').select('id').where('id', 'in', ids).execute()) present.add(r.id);
    }
    const fresh = stories.filter((s) => !present.has(s.id)).sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || a.id.localeCompare(b.id));
    await insertStories(
      trx,
      database.dialect,
      fresh,
      fresh.map((_, i) => sequence + i + 1),
    );
    if (fresh.length) await trx.updateTable('story_counter').set({ value: sequence + fresh.length }).where('id', '=', 1).execute();
    const known = new Set(stories.map((s) => s.id));
    for (const [sourceId, map] of guidMaps) {
      for (const [guid_key, id] of Object.entries(map)) if (typeof id === 'string' && known.has(id)) guids.push({ source_id: sourceId, guid_key, story_id: id });
    }
    for (let i = 0; i < urls.length; i += 400) await trx.insertInto('story_urls').values(urls.slice(i, i + 400)).onConflict((oc) => oc.doNothing()).execute();
    for (let i = 0; i < guids.length; i += 400) await trx.insertInto('story_guids').values(guids.slice(i, i + 400)).onConflict((oc) => oc.doNothing()).execute();
    for (let i = 0; i < other.length; i += 400) await trx.insertInto('kv').values(other.slice(i, i + 400)).onConflict((oc) => oc.doNothing()).execute();
    for (const s of sources) await upsertSource(trx, s);
    if (mark) await upsertIngestMark(trx, mark, Date.parse(mark.at));
    const result = { stories: fresh.length, sources: sources.length, otherKeys: other.length };
    await trx.insertInto('app_meta').values({ key: DONE_KEY, value: JSON.stringify(result), updated_at: now() }).execute();
    return result;
  });
}
