/**
 * Wires the news pipeline for a process: loads feeds/topics, opens the repository, builds the
 * ingestor and the NewsService commands read through, and (for the bot) the cron schedule.
 */
import cron from 'node-cron';
import { systemClock, type Clock } from '../core/command.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { UserFacingError } from '../core/errors.js';
import type { Database } from '../storage/database.js';
import { Classifier } from './classify.js';
import { loadFeedsConfig, type FeedSource } from './feeds-config.js';
import { Ingestor, type IngestOptions, type IngestSummary } from './ingest.js';
import type { NewsService, NewsStoryView, SourceStatusView } from './news-service.js';
import { SqlStoryRepository } from './sql-story-repository.js';
import type { StoryRepository } from './story-repository.js';
import { loadTopicsConfig, type TopicRule } from './topics-config.js';
import type { Story } from './types.js';

/** Settings the runtime reads (a subset of Config, so tests need not build a whole env). */
export interface NewsSettings {
  FEEDS_FILE: string;
  TOPICS_FILE: string;
  FEEDS_ALLOW_PRIVATE_NETWORKS: boolean;
  INGEST_SCHEDULE: string;
  NEWS_RETENTION_DAYS?: number;
  FEEDS_TIMEOUT_MS?: number;
  FEEDS_MAX_BYTES?: number;
}

/** What a command shows when the store cannot be read; the log says why. */
export const STORE_UNAVAILABLE = 'The news store is unavailable right now (the operator has been told why). Try again in a minute.';

/** Runs a store read; a failure is logged with its reason and becomes a clear user-facing error. */
async function guarded<T>(logger: Logger, what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    logger.error({ err, what }, 'news store unavailable (STORE_URL)');
    throw new UserFacingError('unavailable', STORE_UNAVAILABLE);
  }
}

/** The NewsService over a repository and the configured sources/topics. */
export function createNewsService(
  repo: StoryRepository,
  sources: readonly FeedSource[],
  topics: readonly TopicRule[],
  clock: Clock = systemClock,
  logger: Logger = silentLogger,
): NewsService {
  const names = new Map(sources.map((s) => [s.id, s.name]));
  const view = (s: Story): NewsStoryView => ({
    id: s.id,
    title: s.title,
    // The cleaned (tracking-free canonical) link, never the raw one with utm_* parameters.
    url: s.canonicalUrl,
    publishedAt: s.publishedAt,
    outlets: s.sources.map((x) => ({ name: names.get(x.sourceId) ?? x.sourceId, url: x.url })),
    topics: s.topics.map((t) => t.topic),
  });
  return {
    topics: () => topics.map((t) => ({ id: t.id, label: t.label, aliases: t.aliases })),
    async latest({ topic, limit }) {
      return (await guarded(logger, 'latest', () => repo.listRecent({ ...(topic ? { topic } : {}), limit, now: clock.now() }))).map(view);
    },
    async search({ terms, sinceMs, limit }) {
      const found = await guarded(logger, 'search', () => repo.search({ terms, ...(sinceMs !== undefined ? { sinceMs } : {}), limit, now: clock.now() }));
      return found.map(view);
    },
    lastIngest: () => guarded(logger, 'lastIngest', () => repo.lastIngest()),
    async sources() {
      const states = await guarded(logger, 'sources', () => repo.getSources(sources.map((s) => s.id)));
      return sources.map((src, i): SourceStatusView => {
        const st = states[i];
        return {
          id: src.id,
          name: src.name,
          url: src.url,
          // A source that has never succeeded is not healthy, however few its failures.
          healthy: Boolean(st?.lastSuccessAt) && (st?.healthy ?? false),
          pending: !st?.lastAttemptAt,
          consecutiveFailures: st?.consecutiveFailures ?? 0,
          errorCount: st?.errorCount ?? 0,
          ...(st?.lastError ? { lastError: st.lastError } : {}),
          ...(st?.lastSuccessAt ? { lastSuccessAt: st.lastSuccessAt } : {}),
          ...(st?.nextAttemptAt ? { nextAttemptAt: st.nextAttemptAt } : {}),
          itemCount: st?.itemCount ?? 0,
        };
      });
    },
  };
}

/** Everything the news pipeline needs in one process. */
export interface NewsRuntime {
  service: NewsService;
  ingestor: Ingestor;
  repo: StoryRepository;
  sources: FeedSource[];
}

/** Loads configuration files and builds the runtime on an open, migrated database. Throws on invalid files. */
export async function createNewsRuntime(
  settings: NewsSettings,
  database: Database,
  deps: { logger?: Logger; clock?: Clock; options?: IngestOptions } = {},
): Promise<NewsRuntime> {
  const [sources, topics] = await Promise.all([loadFeedsConfig(settings.FEEDS_FILE), loadTopicsConfig(settings.TOPICS_FILE)]);
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const repo = new SqlStoryRepository(database, { retentionDays: settings.NEWS_RETENTION_DAYS ?? 90 });
  const ingestor = new Ingestor({
    repo,
    sources,
    classifier: new Classifier(topics),
    clock,
    logger,
    options: {
      allowPrivateNetworks: settings.FEEDS_ALLOW_PRIVATE_NETWORKS,
      ...(settings.FEEDS_TIMEOUT_MS ? { timeoutMs: settings.FEEDS_TIMEOUT_MS } : {}),
      ...(settings.FEEDS_MAX_BYTES ? { maxBytes: settings.FEEDS_MAX_BYTES } : {}),
      ...deps.options,
    },
  });
  return { service: createNewsService(repo, sources, topics, clock, logger), ingestor, repo, sources };
}

/** How long stopping the loop waits for a pass in flight (ms) before giving up on it. */
export const INGEST_STOP_TIMEOUT_MS = 10_000;

/**
 * Starts the ingest loop on `schedule` (node-cron); runs one pass right away. Passes never
 * overlap: a tick while one runs (the start-up pass included) is skipped. The returned stopper
 * stops the schedule and waits for a pass in flight, at most `stopTimeoutMs`, so the store can
 * be closed after it.
 */
export function startIngestLoop(
  ingestor: Pick<Ingestor, 'run'>,
  schedule: string,
  logger: Logger = silentLogger,
  opts: { stopTimeoutMs?: number; onFirstPass?: (summary: IngestSummary) => void } = {},
): () => Promise<void> {
  let first = true;
  if (!cron.validate(schedule)) throw new Error(`INGEST_SCHEDULE ${JSON.stringify(schedule)} is not a valid cron expression`);
  let inFlight: Promise<void> | undefined;
  let stopped = false;
  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (inFlight) {
      logger.debug({}, 'ingest tick skipped: a pass is still running');
      return Promise.resolve();
    }
    const pass = ingestor
      .run()
      .then(
        (s) => {
          logger.info({ ok: s.totals.ok, failed: s.totals.failed, new: s.totals.new }, 'ingest tick');
          if (first) opts.onFirstPass?.(s);
          first = false;
        },
        (err: unknown) => logger.error({ err }, 'ingest pass failed'),
      )
      .finally(() => {
        if (inFlight === pass) inFlight = undefined;
      });
    inFlight = pass;
    return pass;
  };
  const task = cron.schedule(schedule, tick, { noOverlap: true, name: 'news-ingest' });
  void tick();
  return async () => {
    stopped = true;
    await task.stop();
    await task.destroy();
    const pass = inFlight;
    if (!pass) return;
    const timeoutMs = opts.stopTimeoutMs ?? INGEST_STOP_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = await Promise.race([
      pass.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (gaveUp) logger.warn({ timeoutMs }, 'ingest pass still running at shutdown; not waiting any longer');
  };
}
