/**
 * Typed news store on keyv (SQLite by default, Redis by URL). Stories, GUID/URL pointers,
 * capped newest-first indexes per topic (listing never scans everything), day buckets for
 * retention, and per-source health. Writes of one batch go in one SQLite transaction.
 */
import type Keyv from 'keyv';
import type { StoreHandle } from '../storage/keyv-factory.js';
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
    return new NewsRepository(handle.namespace<unknown>(opts.namespace ?? 'news'), opts);
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

  /** Writes one batch: stories, pointers and the indexes of new stories. */
  async saveBatch(batch: StoryBatch): Promise<void> {
    if (!batch.created.length && !batch.updated.length && !batch.pointers.length && !batch.guids?.entries.length) return;
    await this.exclusive(async () => {
      const entries: Array<{ key: string; value: unknown }> = [];
      if (batch.guids?.entries.length) {
        const key = K.guids(batch.guids.sourceId);
        const map = new Map(Object.entries((await this.get<Record<string, string>>(key)) ?? {}));
        for (const [g, id] of batch.guids.entries) {
          map.delete(g);
          map.set(g, id); // newest last
        }
        const kept = [...map.entries()].slice(-GUID_MAP_CAP);
        entries.push({ key, value: Object.fromEntries(kept) });
      }
      for (const s of [...batch.created, ...batch.updated]) entries.push({ key: K.story(s.id), value: s });
      for (const [k, id] of batch.pointers) entries.push({ key: k, value: id });
      if (batch.created.length) {
        const byIndex = new Map<string, IndexEntry[]>();
        const byDay = new Map<string, string[]>();
        for (const s of batch.created) {
          const e = { id: s.id, t: Date.parse(s.publishedAt) };
          for (const key of [K.recent, ...s.topics.map((t) => K.topic(t.topic))]) {
            const list = byIndex.get(key) ?? [];
            list.push(e);
            byIndex.set(key, list);
          }
          const day = s.publishedAt.slice(0, 10);
          byDay.set(day, [...(byDay.get(day) ?? []), s.id]);
        }
        const indexKeys = [...byIndex.keys()];
        const current = await this.getMany<IndexEntry[]>(indexKeys);
        indexKeys.forEach((key, i) => {
          const merged = mergeIndex(current[i] ?? [], byIndex.get(key) ?? [], this.indexCap);
          entries.push({ key, value: merged });
        });
        const dayKeys = [...byDay.keys()];
        const [days, ...buckets] = await this.getMany<string[]>([K.days, ...dayKeys.map(K.day)]);
        dayKeys.forEach((d, i) => entries.push({ key: K.day(d), value: [...(buckets[i] ?? []), ...(byDay.get(d) ?? [])] }));
        entries.push({ key: K.days, value: [...new Set([...(days ?? []), ...dayKeys])].sort() });
      }
      await this.kv.setMany(entries);
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

function mergeIndex(current: IndexEntry[], added: IndexEntry[], cap: number): IndexEntry[] {
  const seen = new Set<string>();
  return [...added, ...current]
    .sort((a, b) => b.t - a.t)
    .filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)))
    .slice(0, cap);
}
