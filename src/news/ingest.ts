/**
 * One ingest pass: fetch every due source (politely, concurrently, each bounded by its timeout),
 * then parse → normalize → dedupe → classify → store, one source at a time. A failing source is
 * counted, backs off exponentially and never stops the others.
 */
import { systemClock, type Clock } from '../core/command.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { Classifier } from './classify.js';
import { shortHash, TitleIndex, urlIdentity } from './dedupe.js';
import { FETCH_DEFAULTS, fetchFeed, FetchError, HostLimiter, type FetchOptions, type FetchResult } from './fetch.js';
import type { FeedSource } from './feeds-config.js';
import { normalizeItem } from './normalize.js';
import { FeedParseError, parseFeedBytes } from './parse.js';
import { failedState, initialState, succeededState } from './source-health.js';
import type { StoryBatch, StoryHead, StoryRepository } from './story-repository.js';
import type { NormalizedItem, SourceState, Story } from './types.js';

export interface IngestOptions {
  allowPrivateNetworks?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
  perHostConcurrency?: number;
  /** Sources fetched at the same time (default 6). */
  concurrency?: number;
  /** Near-identical titles within this many hours are one story (default 72). */
  dedupeWindowHours?: number;
  /** Replaces DNS (tests). */
  resolve?: FetchOptions['resolve'];
}

/** Outcome for one source in a pass. */
export interface SourceResult {
  id: string;
  status: 'ok' | 'not-modified' | 'failed' | 'skipped';
  reason?: string;
  items: number;
  new: number;
  duplicates: number;
  merged: number;
  announced: number;
}

/** What a pass did. */
export interface IngestSummary {
  startedAt: string;
  finishedAt: string;
  sources: SourceResult[];
  totals: { ok: number; notModified: number; failed: number; skipped: number; items: number; new: number; duplicates: number; merged: number };
  /** New stories to announce (digests/alerts); first-run finds are stored silently. */
  announce: Story[];
}

/** Result of processing one document. */
export interface DocumentResult {
  items: number;
  created: Story[];
  duplicates: number;
  merged: number;
}

export type Fetcher = (url: string, opts: FetchOptions) => Promise<FetchResult>;

export interface IngestorDeps {
  repo: StoryRepository;
  sources: readonly FeedSource[];
  classifier: Classifier;
  clock?: Clock;
  logger?: Logger;
  options?: IngestOptions;
  fetcher?: Fetcher;
}

/** Runs ingest passes over the configured sources. */
export class Ingestor {
  private readonly titles: TitleIndex;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly opts: IngestOptions;
  private readonly limiter: HostLimiter;
  private readonly fetcher: Fetcher;
  private ready: Promise<void> | undefined;
  /** Highest ingest sequence whose stories are in the title index. */
  private seenSeq = 0;
  private processing: Promise<unknown> = Promise.resolve();
  private running: Promise<IngestSummary> | undefined;

  constructor(private readonly deps: IngestorDeps) {
    this.clock = deps.clock ?? systemClock;
    this.logger = deps.logger ?? silentLogger;
    this.opts = deps.options ?? {};
    this.titles = new TitleIndex({ windowMs: (this.opts.dedupeWindowHours ?? 72) * 3600_000 });
    this.limiter = new HostLimiter(this.opts.perHostConcurrency ?? 2);
    this.fetcher = deps.fetcher ?? fetchFeed;
  }

  /**
   * Loads the recent window into the title index (once). A failure (store unreachable) is not
   * kept: the next pass tries again.
   */
  init(): Promise<void> {
    if (!this.ready) {
      const ready = (async () => {
        // Sequence first: a story committed between the two reads is caught up later (adding twice is harmless).
        const seq = await this.deps.repo.latestSequence();
        const since = this.clock.now().getTime() - (this.opts.dedupeWindowHours ?? 72) * 3600_000;
        for (const h of await this.deps.repo.headsSince(since)) this.addHead(h);
        this.seenSeq = Math.max(this.seenSeq, seq);
      })();
      this.ready = ready;
      ready.catch(() => {
        if (this.ready === ready) this.ready = undefined;
      });
    }
    return this.ready;
  }

  private addHead(h: StoryHead): void {
    this.titles.add(h.id, h.title, h.sourceIds, Date.parse(h.publishedAt));
  }

  /** One pass. `force` polls every source, ignoring intervals and back-off. Overlapping calls share a pass. */
  run(opts: { force?: boolean } = {}): Promise<IngestSummary> {
    this.running ??= this.pass(opts.force ?? false).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(force: boolean): Promise<IngestSummary> {
    await this.init();
    const startedAt = this.clock.now();
    const states = await this.deps.repo.getSources(this.deps.sources.map((s) => s.id));
    const results: SourceResult[] = new Array(this.deps.sources.length);
    const announce: Story[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < this.deps.sources.length; i = next++) {
        const source = this.deps.sources[i]!;
        const r = await this.runSource(source, states[i], force, startedAt);
        results[i] = r.result;
        announce.push(...r.announce);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.opts.concurrency ?? 6) }, worker));
    const totals = { ok: 0, notModified: 0, failed: 0, skipped: 0, items: 0, new: 0, duplicates: 0, merged: 0 };
    for (const r of results) {
      if (r.status === 'ok') totals.ok++;
      else if (r.status === 'not-modified') totals.notModified++;
      else if (r.status === 'failed') totals.failed++;
      else totals.skipped++;
      totals.items += r.items;
      totals.new += r.new;
      totals.duplicates += r.duplicates;
      totals.merged += r.merged;
    }
    const finishedAt = this.clock.now();
    if (totals.ok + totals.notModified > 0) {
      await this.deps.repo.markIngest({ at: finishedAt.toISOString(), sourcesOk: totals.ok + totals.notModified, sourcesFailed: totals.failed, newStories: totals.new });
    }
    const pruned = await this.deps.repo.prune(finishedAt);
    this.titles.prune(finishedAt.getTime());
    this.logger.info({ ...totals, pruned }, 'ingest pass finished');
    return { startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), sources: results, totals, announce };
  }

  private async runSource(
    source: FeedSource,
    prior: SourceState | undefined,
    force: boolean,
    now: Date,
  ): Promise<{ result: SourceResult; announce: Story[] }> {
    const empty = { id: source.id, items: 0, new: 0, duplicates: 0, merged: 0, announced: 0 };
    let state = prior && prior.url === source.url ? prior : initialState(source, prior);
    if (!force && state.nextAttemptAt && Date.parse(state.nextAttemptAt) > now.getTime()) {
      return { result: { ...empty, status: 'skipped', reason: 'not due' }, announce: [] };
    }
    let host = source.url;
    try {
      host = new URL(source.url).host;
    } catch {
      /* reported by the fetcher */
    }
    try {
      const res = await this.limiter.run(host, () =>
        this.fetcher(source.url, {
          ...(state.etag ? { etag: state.etag } : {}),
          ...(state.lastModified ? { lastModified: state.lastModified } : {}),
          timeoutMs: this.opts.timeoutMs ?? FETCH_DEFAULTS.timeoutMs,
          maxBytes: this.opts.maxBytes ?? FETCH_DEFAULTS.maxBytes,
          maxRedirects: this.opts.maxRedirects ?? FETCH_DEFAULTS.maxRedirects,
          allowPrivateNetworks: this.opts.allowPrivateNetworks ?? false,
          ...(this.opts.userAgent ? { userAgent: this.opts.userAgent } : {}),
          ...(this.opts.resolve ? { resolve: this.opts.resolve } : {}),
        }),
      );
      const doneAt = this.clock.now();
      if (res.kind === 'not-modified') {
        state = succeededState(state, source, doneAt, { added: 0 });
        await this.deps.repo.saveSource(state);
        return { result: { ...empty, status: 'not-modified' }, announce: [] };
      }
      const doc = await this.serial(() => this.ingestDocument(source, res.body, { contentType: res.contentType, seeded: state.seeded }));
      const announce = doc.created.filter((s) => s.announce);
      state = succeededState(state, source, doneAt, {
        added: doc.created.length + doc.merged,
        validators: { etag: res.etag, lastModified: res.lastModified },
      });
      await this.deps.repo.saveSource(state);
      return {
        result: { ...empty, status: 'ok', items: doc.items, new: doc.created.length, duplicates: doc.duplicates, merged: doc.merged, announced: announce.length },
        announce,
      };
    } catch (e) {
      const reason = describeFailure(e);
      if (!(e instanceof FetchError || e instanceof FeedParseError)) this.logger.error({ err: e, source: source.id }, 'feed processing crashed');
      this.logger.warn({ source: source.id, reason }, 'feed failed');
      state = failedState(state, this.clock.now(), reason);
      await this.deps.repo.saveSource(state).catch((err: unknown) => this.logger.error({ err, source: source.id }, 'could not save source state'));
      return { result: { ...empty, status: 'failed', reason }, announce: [] };
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.processing.then(fn, fn);
    this.processing = p.catch(() => undefined);
    return p;
  }

  /**
   * parse → normalize → dedupe → classify → store for one document of one source. Exposed for
   * the benchmark; `seeded: false` stores silently (first run), announcing only the backfill.
   */
  async ingestDocument(source: FeedSource, bytes: Uint8Array, opts: { contentType?: string | undefined; seeded: boolean }): Promise<DocumentResult> {
    await this.init();
    const now = this.clock.now();
    const parsed = parseFeedBytes(bytes, { ...(opts.contentType ? { contentType: opts.contentType } : {}), maxBytes: this.opts.maxBytes ?? FETCH_DEFAULTS.maxBytes });
    const cutoff = now.getTime() - this.deps.repo.retentionMs;
    const language = source.language ?? parsed.language;
    const items: NormalizedItem[] = [];
    const seenUrls = new Set<string>();
    let duplicates = 0;
    for (const raw of parsed.items) {
      const n = normalizeItem(raw, { sourceId: source.id, feedUrl: source.url, now, ...(language ? { language } : {}) });
      if (!n || Date.parse(n.publishedAt) < cutoff) continue;
      if (seenUrls.has(n.canonicalUrl)) {
        duplicates++;
        continue;
      }
      seenUrls.add(n.canonicalUrl);
      items.push(n);
    }
    // Identity: the story id is the hash of its first canonical URL; every canonical URL and every
    // GUID (per source) is a unique key leading to its story. Everything below runs as the only story
    // writer (serialised across processes), so the keys and titles it sees are all that is committed.
    const ids = items.map((n) => urlIdentity(n.canonicalUrl));
    const gHashes = items.map((n) => (n.guid ? shortHash(n.guid, 22) : undefined));
    const indexed: Array<() => void> = [];
    const { created, merged, routed, last } = await this.deps.repo.write(async (w) => {
      // Stories other processes stored since this index last caught up join the title index first.
      for (const h of await w.headsAfter(this.seenSeq)) this.addHead(h);
      this.seenSeq = Math.max(this.seenSeq, w.sequence);
      const known = await w.identify(
        source.id,
        ids.map((x) => x.key),
        gHashes.filter((g): g is string => g !== undefined),
      );
      const aliases = known.urls;
      const guids = known.guids;
      const batch: StoryBatch = { created: [], outlets: [], urls: [], guids: [], sourceId: source.id };
      const created = batch.created;
      // Title-index updates wait until the batch is saved: a story that never reached the store must
      // not attract other outlets' near-duplicates. (Deferring changes no match within this document:
      // findDuplicate ignores the document's own source.)
      const mergeInto = new Map<string, NormalizedItem[]>();
      const route = (n: NormalizedItem, id: string): void => {
        const list = mergeInto.get(id);
        if (list) list.push(n);
        else mergeInto.set(id, [n]);
      };
      for (let i = 0; i < items.length; i++) {
        const n = items[i]!;
        const gHash = gHashes[i];
        const { id: ownId, key: uKey } = ids[i]!;
        const hit = (gHash ? guids.get(gHash) : undefined) ?? aliases.get(uKey);
        if (hit) {
          if (gHash && !guids.has(gHash)) {
            batch.guids.push([gHash, hit]);
            guids.set(gHash, hit);
          }
          if (!aliases.has(uKey)) {
            batch.urls.push([uKey, hit]);
            aliases.set(uKey, hit);
          }
          route(n, hit);
          continue;
        }
        const time = Date.parse(n.publishedAt);
        const title = this.titles.prepare(n.title);
        const near = this.titles.findDuplicate(title, source.id, time);
        if (near) {
          if (gHash) {
            batch.guids.push([gHash, near]);
            guids.set(gHash, near);
          }
          batch.urls.push([uKey, near]);
          aliases.set(uKey, near);
          route(n, near);
          continue;
        }
        const story: Story = {
          id: ownId,
          title: n.title,
          url: n.url,
          canonicalUrl: n.canonicalUrl,
          summary: n.summary,
          publishedAt: n.publishedAt,
          firstSeenAt: n.firstSeenAt,
          ...(n.language ? { language: n.language } : {}),
          sources: [{ sourceId: source.id, url: n.canonicalUrl, title: n.title, publishedAt: n.publishedAt }],
          topics: this.deps.classifier.classify(n.title, n.summary),
          announce: true,
          firstPass: !opts.seeded,
        };
        if (gHash) {
          batch.guids.push([gHash, ownId]);
          guids.set(gHash, ownId);
        }
        batch.urls.push([uKey, ownId]);
        aliases.set(uKey, ownId);
        created.push(story);
        indexed.push(() => this.titles.add(ownId, title, [source.id], time));
      }
      if (!opts.seeded) {
        const keep = new Set([...created].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt)).slice(0, source.backfill).map((s) => s.id));
        for (const s of created) s.announce = keep.has(s.id);
      }
      let merged = 0;
      const createdIds = new Set(created.map((s) => s.id));
      const heads = await w.heads([...mergeInto.keys()].filter((id) => !createdIds.has(id)));
      const headById = new Map(heads.map((h) => [h.id, h]));
      for (const [id, list] of mergeInto) {
        // A story created by this document already has this source; one stored earlier may not.
        const head = headById.get(id);
        if (!head || head.sourceIds.includes(source.id)) continue;
        const n = list[0]!;
        batch.outlets.push({ storyId: id, outlet: { sourceId: source.id, url: n.canonicalUrl, title: n.title, publishedAt: n.publishedAt } });
        indexed.push(() => this.titles.add(id, head.title, [source.id], Date.parse(head.publishedAt)));
        merged++;
      }
      const saved = await w.save(batch);
      let routed = 0;
      for (const list of mergeInto.values()) routed += list.length;
      return { created, merged, routed, last: saved.last };
    });
    this.seenSeq = Math.max(this.seenSeq, last);
    for (const add of indexed) add();
    return { items: parsed.items.length, created, duplicates: duplicates + routed - merged, merged };
  }
}

function describeFailure(e: unknown): string {
  if (e instanceof FetchError) return `${e.code}: ${e.message}`.slice(0, 200);
  if (e instanceof FeedParseError) return `${e.code}: ${e.message}`.slice(0, 200);
  return `internal: ${e instanceof Error ? e.message : String(e)}`.slice(0, 200);
}
