/**
 * Typed news store on keyv (SQLite by default, Redis by URL). Stories, GUID/URL pointers,
 * capped newest-first indexes per topic (listing never scans everything), day buckets for
 * retention, and per-source health. Writes of one batch go in one SQLite transaction.
 */
import type Keyv from 'keyv';
import type { StoreHandle } from '../storage/keyv-factory.js';
import { usePlainJson } from '../storage/plain-json.js';
import type { IngestMark, SourceState, Story } from './types.js';

/** One entry of a newest-first index. */
interface IndexEntry {
  id: string;
  /** Publication time, ms. */
  t: number;
}

export interface NewsRepositoryOptions {
  /** Stories older than this are pruned and never listed (default 90). */
  retentionDays?: number;
  /** Length of each per-topic / recent index (default 1000). */
  indexCap?: number;
}

/** Changes produced by one ingest batch. */
export interface StoryBatch {
  created: Story[];
  updated: Story[];
  /** Alias URL key → story id (a second outlet's URL for a merged story). */
  pointers: Array<[string, string]>;
  /** GUID hash → story id, per source, merged into that source's capped GUID map. */
  guids?: { sourceId: string; entries: Array<[string, string]> };
}

const K = {
  story: (id: string) => `s:${id}`,
  recent: 'i:recent',
  topic: (t: string) => `i:t:${t}`,
  day: (d: string) => `d:${d}`,
  days: 'i:days',
  source: (id: string) => `src:${id}`,
  lastIngest: 'm:last-ingest',
  guids: (sourceId: string) => `gm:${sourceId}`,
};

/** GUIDs remembered per source (a feed window is far smaller). */
const GUID_MAP_CAP = 5000;

type SqlQuery = (sql: string) => Promise<unknown>;

/** Keyv-backed repository of stories and source states. */
export class NewsRepository {
  readonly retentionMs: number;
  private readonly indexCap: number;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly kv: Keyv<unknown>,
    opts: NewsRepositoryOptions = {},
  ) {
    this.retentionMs = (opts.retentionDays ?? 90) * 86_400_000;
    this.indexCap = opts.indexCap ?? 1000;
  }

  /** Opens the repository on a store handle's namespace (`news` unless told otherwise). */
  static open(handle: StoreHandle, opts: NewsRepositoryOptions & { namespace?: string } = {}): NewsRepository {
    const kv = handle.namespace<unknown>(opts.namespace ?? 'news');
    usePlainJson(kv);
    return new NewsRepository(kv, opts);
  }

  private async get<T>(key: string): Promise<T | undefined> {
    return (await this.kv.get(key)) as T | undefined;
  }

  private async getMany<T>(keys: string[]): Promise<Array<T | undefined>> {
    if (keys.length === 0) return [];
    const out: Array<T | undefined> = [];
    for (let i = 0; i < keys.length; i += 500) {
      const part = (await this.kv.getMany(keys.slice(i, i + 500))) as Array<T | undefined | null>;
      for (const v of part) out.push(v ?? undefined);
    }
    return out;
  }

  /** Runs `fn` alone (one writer per repository) and, on SQLite, inside one transaction. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const query = (this.kv.store as { query?: SqlQuery } | undefined)?.query;
      let inTx = false;
      if (typeof query === 'function') {
        inTx = await query.call(this.kv.store, 'BEGIN IMMEDIATE').then(
          () => true,
          () => false,
        );
      }
      try {
        const r = await fn();
        if (inTx) await query!.call(this.kv.store, 'COMMIT');
        return r;
      } catch (e) {
        if (inTx) await query!.call(this.kv.store, 'ROLLBACK').catch(() => undefined);
        throw e;
      }
    };
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }

  /** Story ids behind the given GUID/URL keys (absent keys are left out). */
  async lookup(keys: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(keys)];
    const vals = await this.getMany<string>(unique);
    const out = new Map<string, string>();
    unique.forEach((k, i) => {
      const v = vals[i];
      if (typeof v === 'string') out.set(k, v);
    });
    return out;
  }

  /**
   * Everything ingest needs to place a document's items, in one round trip: which URL keys are
   * alias pointers (→ story id), which story ids exist, and the source's GUID map.
   */
  async identify(sourceId: string, urlKeys: string[], storyIds: string[]): Promise<{ aliases: Map<string, string>; existing: Set<string>; guids: Map<string, string> }> {
    const keys = [...new Set(urlKeys)];
    const ids = [...new Set(storyIds)];
    const vals = await this.getMany<unknown>([K.guids(sourceId), ...keys, ...ids.map(K.story)]);
    const guids = new Map(Object.entries((vals[0] as Record<string, string> | undefined) ?? {}));
    const aliases = new Map<string, string>();
    keys.forEach((k, i) => {
      const v = vals[1 + i];
      if (typeof v === 'string') aliases.set(k, v);
    });
    const existing = new Set(ids.filter((_, i) => vals[1 + keys.length + i] !== undefined));
    return { aliases, existing, guids };
  }

  /** Which of the given story ids exist. */
  async existing(ids: string[]): Promise<Set<string>> {
    const vals = await this.getMany<unknown>(ids.map(K.story));
    return new Set(ids.filter((_, i) => vals[i] !== undefined));
  }

  /** The GUID hash → story id map of one source. */
  async guidMap(sourceId: string): Promise<Map<string, string>> {
    return new Map(Object.entries((await this.get<Record<string, string>>(K.guids(sourceId))) ?? {}));
  }

  /** Stories by id, in the given order; missing ones are skipped. */
  async getStories(ids: string[]): Promise<Story[]> {
    const vals = await this.getMany<Story>(ids.map(K.story));
    return vals.filter((s): s is Story => s !== undefined && typeof s === 'object');
  }

  /**
   * Writes one batch: stories, pointers, the source's GUID map and the indexes of new stories.
   * Everything it must merge with (GUID map, recent/topic indexes, day buckets) is read in one
   * round trip and everything is written in one `setMany`, inside one transaction on SQLite.
   */
  async saveBatch(batch: StoryBatch): Promise<void> {
    if (!batch.created.length && !batch.updated.length && !batch.pointers.length && !batch.guids?.entries.length) return;
    await this.exclusive(async () => {
      const entries: Array<{ key: string; value: unknown }> = [];
      const byIndex = new Map<string, IndexEntry[]>();
      const byDay = new Map<string, string[]>();
      for (const s of batch.created) {
        const e = { id: s.id, t: Date.parse(s.publishedAt) };
        for (const key of [K.recent, ...s.topics.map((t) => K.topic(t.topic))]) {
          let list = byIndex.get(key);
          if (!list) byIndex.set(key, (list = []));
          list.push(e);
        }
        const day = s.publishedAt.slice(0, 10);
        let ids = byDay.get(day);
        if (!ids) byDay.set(day, (ids = []));
        ids.push(s.id);
      }
      const guidKey = batch.guids?.entries.length ? K.guids(batch.guids.sourceId) : undefined;
      const indexKeys = [...byIndex.keys()];
      const dayKeys = [...byDay.keys()];
      const readKeys = [...(guidKey ? [guidKey] : []), ...indexKeys, ...(dayKeys.length ? [K.days, ...dayKeys.map(K.day)] : [])];
      const current = await this.getMany<unknown>(readKeys);
      let at = 0;
      if (guidKey) {
        const map = new Map(Object.entries((current[at++] as Record<string, string> | undefined) ?? {}));
        for (const [g, id] of batch.guids!.entries) {
          map.delete(g);
          map.set(g, id); // newest last
        }
        const kept = [...map.entries()].slice(-GUID_MAP_CAP);
        entries.push({ key: guidKey, value: Object.fromEntries(kept) });
      }
      for (const s of batch.created) entries.push({ key: K.story(s.id), value: s });
      for (const s of batch.updated) entries.push({ key: K.story(s.id), value: s });
      for (const [k, id] of batch.pointers) entries.push({ key: k, value: id });
      for (const key of indexKeys) {
        entries.push({ key, value: mergeIndex((current[at++] as IndexEntry[] | undefined) ?? [], byIndex.get(key)!, this.indexCap) });
      }
      if (dayKeys.length) {
        const days = (current[at++] as string[] | undefined) ?? [];
        for (const d of dayKeys) {
          const bucket = (current[at++] as string[] | undefined) ?? [];
          entries.push({ key: K.day(d), value: bucket.concat(byDay.get(d)!) });
        }
        entries.push({ key: K.days, value: [...new Set([...days, ...dayKeys])].sort() });
      }
      // keyv reports a store failure as `false` entries (the Redis adapter returns nothing on success)
      const ok = (await this.kv.setMany(entries)) as boolean[] | undefined;
      if (Array.isArray(ok) && !ok.every(Boolean)) throw new Error('news store: batch write failed');
    });
  }

  /** Newest stories first, optionally of one topic, within retention. */
  async listRecent(opts: { topic?: string; limit: number; now?: Date }): Promise<Story[]> {
    const cutoff = (opts.now ?? new Date()).getTime() - this.retentionMs;
    const index = (await this.get<IndexEntry[]>(opts.topic ? K.topic(opts.topic) : K.recent)) ?? [];
    const ids = index.filter((e) => e.t >= cutoff).slice(0, opts.limit).map((e) => e.id);
    return this.getStories(ids);
  }

  /** Every story published at or after `sinceMs` (day buckets; used to warm the dedupe window). */
  async storiesSince(sinceMs: number): Promise<Story[]> {
    const firstDay = new Date(sinceMs).toISOString().slice(0, 10);
    const days = ((await this.get<string[]>(K.days)) ?? []).filter((d) => d >= firstDay);
    const buckets = await this.getMany<string[]>(days.map(K.day));
    const ids = buckets.flatMap((b) => b ?? []);
    return (await this.getStories(ids)).filter((s) => Date.parse(s.publishedAt) >= sinceMs);
  }

  /** Deletes stories (and their pointers) older than the retention period. Returns how many. */
  async prune(now: Date): Promise<number> {
    const cutoff = now.getTime() - this.retentionMs;
    const cutoffDay = new Date(cutoff).toISOString().slice(0, 10);
    return this.exclusive(async () => {
      const days = (await this.get<string[]>(K.days)) ?? [];
      const old = days.filter((d) => d < cutoffDay);
      let removed = 0;
      for (const d of old) {
        const ids = (await this.get<string[]>(K.day(d))) ?? [];
        const stories = await this.getStories(ids);
        const keys = [...ids.map(K.story), ...stories.flatMap((s) => s.keys), K.day(d)];
        for (let i = 0; i < keys.length; i += 500) await this.kv.deleteMany(keys.slice(i, i + 500));
        removed += stories.length;
      }
      if (old.length) {
        await this.kv.set(K.days, days.filter((d) => d >= cutoffDay));
        const idxKeys = [K.recent, ...(await this.topicIndexKeys())];
        const lists = await this.getMany<IndexEntry[]>(idxKeys);
        await this.kv.setMany(idxKeys.map((key, i) => ({ key, value: (lists[i] ?? []).filter((e) => e.t >= cutoff) })));
      }
      return removed;
    });
  }

  private topicsSeen: Set<string> | undefined;

  private async topicIndexKeys(): Promise<string[]> {
    const known = (await this.get<string[]>('i:topics')) ?? [];
    return known.map(K.topic);
  }

  /** Remembers which topic indexes exist (for pruning). */
  async registerTopics(ids: string[]): Promise<void> {
    const known = this.topicsSeen ?? new Set((await this.get<string[]>('i:topics')) ?? []);
    const before = known.size;
    ids.forEach((t) => known.add(t));
    this.topicsSeen = known;
    if (known.size !== before) await this.kv.set('i:topics', [...known].sort());
  }

  async getSource(id: string): Promise<SourceState | undefined> {
    return this.get<SourceState>(K.source(id));
  }

  async getSources(ids: string[]): Promise<Array<SourceState | undefined>> {
    return this.getMany<SourceState>(ids.map(K.source));
  }

  async saveSource(state: SourceState): Promise<void> {
    await this.exclusive(() => this.kv.set(K.source(state.id), state));
  }

  /** Records a completed ingest pass (the "last successful ingest" shown by /news). */
  async markIngest(mark: IngestMark): Promise<void> {
    await this.kv.set(K.lastIngest, mark);
  }

  async lastIngest(): Promise<IngestMark | undefined> {
    return this.get<IngestMark>(K.lastIngest);
  }

  /** Removes everything in this repository's namespace (tests). */
  async clear(): Promise<void> {
    await this.kv.clear();
  }
}

/**
 * Newest-first union of a batch's entries and a stored index, first occurrence of an id kept,
 * capped — the same list as stably sorting `[...added, ...current]` by time, newest first (added
 * entries before stored ones of the same time). A stored index is already in that order (it is
 * only ever written by this function or filtered); one that is not is sorted first.
 */
function mergeIndex(current: IndexEntry[], added: IndexEntry[], cap: number): IndexEntry[] {
  const byTime = (a: IndexEntry, b: IndexEntry): number => b.t - a.t;
  const fresh = [...added].sort(byTime);
  let stored = current;
  for (let i = 1; i < stored.length; i++) {
    if (!(stored[i - 1]!.t >= stored[i]!.t)) {
      stored = [...current].sort(byTime);
      break;
    }
  }
  const seen = new Set<string>();
  const out: IndexEntry[] = [];
  let i = 0;
  let j = 0;
  while (out.length < cap && (i < fresh.length || j < stored.length)) {
    const e = j >= stored.length || (i < fresh.length && fresh[i]!.t >= stored[j]!.t) ? fresh[i++]! : stored[j++]!;
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    out.push(e);
  }
  return out;
}
