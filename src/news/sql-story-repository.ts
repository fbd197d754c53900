/**
 * StoryRepository on the SQL store (Kysely; SQLite or PostgreSQL). Writers are serialised by the
 * one-row `story_counter`: a writing transaction first updates that row (PostgreSQL holds the row
 * lock, SQLite the write lock, until commit), then reads, decides and inserts, then advances the
 * counter. So sequences are handed out in commit order and a reader of `seq > N` never misses a
 * story committed later with a smaller number. Lists use indexes; nothing is loaded whole.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { bulkInsert } from '../storage/bulk-insert.js';
import type { Database, SqlDialect } from '../storage/database.js';
import type { Tables } from '../storage/tables.js';
import type { IngestStatus } from './news-service.js';
import type { ListSinceOptions, StoryBatch, StoryHead, StoryRepository, StoryWriter } from './story-repository.js';
import type { StoriesTable } from './story-tables.js';
import type { SourceState, Story, StoredStory } from './types.js';

/** Case- and width-folded text for literal title matching (NFKC, lower case, spaces collapsed). */
export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A LIKE pattern matching `needle` literally anywhere (with `ESCAPE '\'`). */
export function containsPattern(needle: string): string {
  return `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const ms = (iso: string): number => Date.parse(iso);
const iso = (t: number): string => new Date(t).toISOString();
const LAST_INGEST = 'news.last-ingest';
/** Rows per multi-row INSERT (well under both engines' bound-parameter limits). */
const CHUNK = 400;
/** Stories deleted per retention statement. */
const PRUNE_CHUNK = 2000;

type Db = Kysely<Tables> | Transaction<Tables>;

async function inChunks<T>(rows: T[], fn: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await fn(rows.slice(i, i + CHUNK));
}

/** Loads outlets and topics for story rows, keeping the rows' order. */
async function hydrate(db: Db, rows: StoriesTable[]): Promise<StoredStory[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [outlets, topics] = await Promise.all([
    db.selectFrom('story_outlets').select(['story_id', 'source_id', 'url', 'title', 'published_at']).where('story_id', 'in', ids).orderBy('position').execute(),
    db.selectFrom('story_topics').select(['story_id', 'topic', 'score']).where('story_id', 'in', ids).orderBy('score', 'desc').orderBy('topic').execute(),
  ]);
  const byId = new Map<string, StoredStory>();
  const out = rows.map((r) => {
    const s: StoredStory = {
      id: r.id,
      seq: Number(r.seq),
      title: r.title,
      url: r.url,
      canonicalUrl: r.canonical_url,
      summary: r.summary,
      publishedAt: iso(Number(r.published_at)),
      firstSeenAt: iso(Number(r.first_seen_at)),
      ...(r.language ? { language: r.language } : {}),
      sources: [],
      topics: [],
      announce: Number(r.announce) === 1,
      firstPass: Number(r.first_pass) === 1,
    };
    byId.set(r.id, s);
    return s;
  });
  for (const o of outlets) byId.get(o.story_id)?.sources.push({ sourceId: o.source_id, url: o.url, title: o.title, publishedAt: iso(Number(o.published_at)) });
  for (const t of topics) byId.get(t.story_id)?.topics.push({ topic: t.topic, score: Number(t.score) });
  return out;
}

async function headsOf(db: Db, rows: Array<{ id: string; title: string; published_at: number }>): Promise<StoryHead[]> {
  if (rows.length === 0) return [];
  const outlets: Array<{ story_id: string; source_id: string }> = [];
  const ids = rows.map((r) => r.id);
  await inChunks(ids, async (part) => outlets.push(...(await db.selectFrom('story_outlets').select(['story_id', 'source_id']).where('story_id', 'in', part).execute())));
  const by = new Map<string, string[]>();
  for (const o of outlets) {
    const list = by.get(o.story_id);
    if (list) list.push(o.source_id);
    else by.set(o.story_id, [o.source_id]);
  }
  return rows.map((r) => ({ id: r.id, title: r.title, publishedAt: iso(Number(r.published_at)), sourceIds: by.get(r.id) ?? [] }));
}

function storyRow(s: Story, seq: number): StoriesTable {
  return {
    id: s.id,
    seq,
    title: s.title,
    title_folded: foldForSearch(s.title),
    url: s.url,
    canonical_url: s.canonicalUrl,
    summary: s.summary,
    published_at: ms(s.publishedAt),
    first_seen_at: ms(s.firstSeenAt),
    language: s.language ?? null,
    first_pass: s.firstPass ? 1 : 0,
    announce: s.announce ? 1 : 0,
  };
}

/** Inserts new stories with their outlets and topics (sequence numbers given). Shared with the import. */
export async function insertStories(trx: Db, dialect: SqlDialect, stories: Story[], seqs: number[]): Promise<void> {
  await bulkInsert(
    trx,
    dialect,
    'stories',
    stories.map((s, i) => storyRow(s, seqs[i]!)),
  );
  const outlets = stories.flatMap((s) =>
    s.sources.map((o, position) => ({ story_id: s.id, source_id: o.sourceId, url: o.url, title: o.title, published_at: ms(o.publishedAt), position })),
  );
  await bulkInsert(trx, dialect, 'story_outlets', outlets, { ignoreConflicts: true });
  const topics = stories.flatMap((s, i) => s.topics.map((t) => ({ story_id: s.id, topic: t.topic, score: t.score, published_at: ms(s.publishedAt), seq: seqs[i]! })));
  await bulkInsert(trx, dialect, 'story_topics', topics, { ignoreConflicts: true });
}

/** Takes the writer lock (first statement of the transaction) and returns the counter. */
export async function lockCounter(trx: Db): Promise<number> {
  const row = await trx.updateTable('story_counter').set({ value: sql`value` }).where('id', '=', 1).returning('value').executeTakeFirstOrThrow();
  return Number(row.value);
}

function writer(trx: Transaction<Tables>, dialect: SqlDialect, sequence: number): StoryWriter {
  return {
    sequence,
    async identify(sourceId, urlKeys, guidKeys) {
      const urls = new Map<string, string>();
      const guids = new Map<string, string>();
      await inChunks([...new Set(urlKeys)], async (part) => {
        for (const r of await trx.selectFrom('story_urls').select(['url_key', 'story_id']).where('url_key', 'in', part).execute()) urls.set(r.url_key, r.story_id);
      });
      await inChunks([...new Set(guidKeys)], async (part) => {
        const rows = await trx.selectFrom('story_guids').select(['guid_key', 'story_id']).where('source_id', '=', sourceId).where('guid_key', 'in', part).execute();
        for (const r of rows) guids.set(r.guid_key, r.story_id);
      });
      return { urls, guids };
    },
    async heads(ids) {
      const rows: Array<{ id: string; title: string; published_at: number }> = [];
      await inChunks([...new Set(ids)], async (part) => rows.push(...(await trx.selectFrom('stories').select(['id', 'title', 'published_at']).where('id', 'in', part).execute())));
      return headsOf(trx, rows);
    },
    async headsAfter(seq) {
      if (seq >= sequence) return [];
      return headsOf(trx, await trx.selectFrom('stories').select(['id', 'title', 'published_at']).where('seq', '>', seq).orderBy('seq').execute());
    },
    async save(batch: StoryBatch) {
      const seqs = batch.created.map((_, i) => sequence + i + 1);
      const last = sequence + batch.created.length;
      await insertStories(trx, dialect, batch.created, seqs);
      const positions = new Map<string, number>();
      if (batch.outlets.length) {
        const ids = [...new Set(batch.outlets.map((o) => o.storyId))];
        await inChunks(ids, async (part) => {
          const rows = await trx.selectFrom('story_outlets').select(['story_id']).select((eb) => eb.fn.max('position').as('p')).where('story_id', 'in', part).groupBy('story_id').execute();
          for (const r of rows) positions.set(r.story_id, Number(r.p));
        });
      }
      const outletRows = batch.outlets.map(({ storyId, outlet }) => {
        const position = (positions.get(storyId) ?? -1) + 1;
        positions.set(storyId, position);
        return { story_id: storyId, source_id: outlet.sourceId, url: outlet.url, title: outlet.title, published_at: ms(outlet.publishedAt), position };
      });
      await bulkInsert(trx, dialect, 'story_outlets', outletRows, { ignoreConflicts: true });
      const urls = batch.urls.map(([url_key, story_id]) => ({ url_key, story_id }));
      await bulkInsert(trx, dialect, 'story_urls', urls, { ignoreConflicts: true });
      const guids = batch.guids.map(([guid_key, story_id]) => ({ source_id: batch.sourceId, guid_key, story_id }));
      await bulkInsert(trx, dialect, 'story_guids', guids, { ignoreConflicts: true });
      if (last !== sequence) await trx.updateTable('story_counter').set({ value: last }).where('id', '=', 1).execute();
      return { seqs, last };
    },
  };
}

function sourceFromRow(r: Tables['news_sources']): SourceState {
  return {
    id: r.id,
    url: r.url,
    healthy: Number(r.healthy) === 1,
    consecutiveFailures: Number(r.consecutive_failures),
    errorCount: Number(r.error_count),
    ...(r.last_error_at !== null ? { lastError: { at: iso(Number(r.last_error_at)), reason: r.last_error_reason ?? '' } } : {}),
    ...(r.last_attempt_at !== null ? { lastAttemptAt: iso(Number(r.last_attempt_at)) } : {}),
    ...(r.last_success_at !== null ? { lastSuccessAt: iso(Number(r.last_success_at)) } : {}),
    ...(r.next_attempt_at !== null ? { nextAttemptAt: iso(Number(r.next_attempt_at)) } : {}),
    ...(r.etag !== null ? { etag: r.etag } : {}),
    ...(r.last_modified !== null ? { lastModified: r.last_modified } : {}),
    itemCount: Number(r.item_count),
    seeded: Number(r.seeded) === 1,
  };
}

/** The columns of a source state. Shared with the import. */
export function sourceRow(s: SourceState): Tables['news_sources'] {
  const t = (v: string | undefined): number | null => (v ? ms(v) : null);
  return {
    id: s.id,
    url: s.url,
    healthy: s.healthy ? 1 : 0,
    consecutive_failures: s.consecutiveFailures,
    error_count: s.errorCount,
    last_error_at: t(s.lastError?.at),
    last_error_reason: s.lastError?.reason ?? null,
    last_attempt_at: t(s.lastAttemptAt),
    last_success_at: t(s.lastSuccessAt),
    next_attempt_at: t(s.nextAttemptAt),
    etag: s.etag ?? null,
    last_modified: s.lastModified ?? null,
    item_count: s.itemCount,
    seeded: s.seeded ? 1 : 0,
  };
}

/** Upserts a source state row. */
export async function upsertSource(db: Db, state: SourceState): Promise<void> {
  const row = sourceRow(state);
  const { id: _id, ...rest } = row;
  await db.insertInto('news_sources').values(row).onConflict((oc) => oc.column('id').doUpdateSet(rest)).execute();
}

/** Upserts the last-ingest mark. */
export async function upsertIngestMark(db: Db, mark: IngestStatus, at: number): Promise<void> {
  const value = JSON.stringify(mark);
  await db.insertInto('app_meta').values({ key: LAST_INGEST, value, updated_at: at }).onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at })).execute();
}

/** The Kysely implementation of StoryRepository. */
export class SqlStoryRepository implements StoryRepository {
  readonly retentionMs: number;
  private readonly db: Kysely<Tables>;
  private readonly dialect: SqlDialect;

  constructor(database: Database, opts: { retentionDays?: number } = {}) {
    this.db = database.db;
    this.dialect = database.dialect;
    this.retentionMs = (opts.retentionDays ?? 90) * 86_400_000;
  }

  write<T>(fn: (w: StoryWriter) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => fn(writer(trx, this.dialect, await lockCounter(trx))));
  }

  async latestSequence(): Promise<number> {
    const row = await this.db.selectFrom('story_counter').select('value').where('id', '=', 1).executeTakeFirst();
    return Number(row?.value ?? 0);
  }

  async listSince(opts: ListSinceOptions): Promise<StoredStory[]> {
    if (opts.limit <= 0 || opts.topics?.length === 0) return [];
    let q = this.db.selectFrom('stories').selectAll().where('seq', '>', opts.afterSeq);
    if (opts.topics) {
      const topics = opts.topics;
      q = q.where('id', 'in', (eb) => eb.selectFrom('story_topics').select('story_id').where('topic', 'in', topics).where('seq', '>', opts.afterSeq));
    }
    return hydrate(this.db, await q.orderBy('seq').limit(opts.limit).execute());
  }

  async listRecent(opts: { topic?: string; limit: number; now?: Date }): Promise<StoredStory[]> {
    if (opts.limit <= 0) return [];
    const cutoff = (opts.now ?? new Date()).getTime() - this.retentionMs;
    if (!opts.topic) {
      const rows = await this.db.selectFrom('stories').selectAll().where('published_at', '>=', cutoff).orderBy('published_at', 'desc').orderBy('seq', 'desc').limit(opts.limit).execute();
      return hydrate(this.db, rows);
    }
    const rows = await this.db
      .selectFrom('story_topics as t')
      .innerJoin('stories as s', 's.id', 't.story_id')
      .selectAll('s')
      .where('t.topic', '=', opts.topic)
      .where('t.published_at', '>=', cutoff)
      .orderBy('t.published_at', 'desc')
      .orderBy('t.seq', 'desc')
      .limit(opts.limit)
      .execute();
    return hydrate(this.db, rows);
  }

  async search(opts: { terms: string[]; sinceMs?: number; limit: number; now?: Date }): Promise<StoredStory[]> {
    const needles = [...new Set(opts.terms.map(foldForSearch).filter((t) => t.length > 0))];
    if (needles.length === 0 || opts.limit <= 0) return [];
    const cutoff = Math.max((opts.now ?? new Date()).getTime() - this.retentionMs, opts.sinceMs ?? -Infinity);
    const rows = await this.db
      .selectFrom('stories')
      .selectAll()
      .where('published_at', '>=', cutoff)
      .where((eb) => eb.or(needles.map((n) => sql<boolean>`${eb.ref('title_folded')} LIKE ${containsPattern(n)} ESCAPE '\\'`)))
      .orderBy('published_at', 'desc')
      .orderBy('seq', 'desc')
      .limit(opts.limit)
      .execute();
    return hydrate(this.db, rows);
  }

  async headsSince(sinceMs: number): Promise<StoryHead[]> {
    return headsOf(this.db, await this.db.selectFrom('stories').select(['id', 'title', 'published_at']).where('published_at', '>=', sinceMs).orderBy('seq').execute());
  }

  async prune(now: Date): Promise<number> {
    const cutoff = now.getTime() - this.retentionMs;
    let removed = 0;
    for (;;) {
      const res = await this.db
        .deleteFrom('stories')
        .where('id', 'in', (eb) => eb.selectFrom('stories').select('id').where('published_at', '<', cutoff).limit(PRUNE_CHUNK))
        .executeTakeFirst();
      const n = Number(res.numDeletedRows);
      removed += n;
      if (n < PRUNE_CHUNK) return removed;
    }
  }

  async getSources(ids: string[]): Promise<Array<SourceState | undefined>> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('news_sources').selectAll().where('id', 'in', ids).execute();
    const by = new Map(rows.map((r) => [r.id, sourceFromRow(r)]));
    return ids.map((id) => by.get(id));
  }

  async saveSource(state: SourceState): Promise<void> {
    await upsertSource(this.db, state);
  }

  async markIngest(mark: IngestStatus): Promise<void> {
    await upsertIngestMark(this.db, mark, Date.parse(mark.at));
  }

  async lastIngest(): Promise<IngestStatus | undefined> {
    const row = await this.db.selectFrom('app_meta').select('value').where('key', '=', LAST_INGEST).executeTakeFirst();
    return row ? (JSON.parse(row.value) as IngestStatus) : undefined;
  }
}
