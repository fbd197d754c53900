/**
 * Composition root: load config → store → core → adapters (→ scheduler). No logic of its own.
 * With no platform token set, the console adapter runs.
 */
import 'dotenv/config';
import { createApp, loadKnowledgeBase } from './app.js';
import { createAskService } from './ai/ask-runtime.js';
import { ConfigError, enabledAdapters, loadConfig, type Config } from './config.js';
import { describeFatal, EXIT_CONFIG, EXIT_FAILURE, exitCodeFor } from './exit-codes.js';
import { stopAll, watchParent, type Stopper } from './process-guard.js';
import { runConsole } from './adapters/console/console-adapter.js';
import { createLogger } from './logger.js';
import { openStores } from './open-stores.js';
import { createNewsRuntime, startIngestLoop } from './news/news-runtime.js';
import { createDeliveryRuntime } from './digest/delivery-runtime.js';
import { storyFeedFrom } from './digest/story-feed-adapter.js';
import type { IngestSummary } from './news/ingest.js';
import { noFeedReachedNotice } from './news/ingest-summary.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`chainbrief: ${e.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw e;
  }
  const adapters = enabledAdapters(config);
  const consoleOnly = adapters.length === 1 && adapters[0] === 'console';
  // In console mode keep the terminal for answers: unless LOG_LEVEL is set, only errors are logged
  // (feed failures are listed by /sources instead).
  const logger = createLogger(consoleOnly && !process.env.LOG_LEVEL ? 'error' : config.LOG_LEVEL);
  const stores = await openStores(config, logger);
  const store = stores.keyv;
  const stoppers: Stopper[] = [() => stores.close()];
  const news = await createNewsRuntime(config, stores.database, { logger });
  // Operations listener (HTTP_PORT): metrics are recorded, and prom-client loaded, only when it runs.
  const ops = config.HTTP_PORT === undefined ? undefined : await import('./ops/index.js');
  const ingestor = ops ? ops.countingIngestor(news.ingestor) : news.ingestor;
  // In console mode, say in one line when the start-up ingest reached no feed (logs are quiet there).
  const onFirstPass = (s: IngestSummary): void => {
    const notice = noFeedReachedNotice(s);
    if (notice) process.stderr.write(`${notice}\n`);
  };
  if (config.INGEST_SCHEDULE !== 'off') stoppers.push(startIngestLoop(ingestor, config.INGEST_SCHEDULE, logger, consoleOnly ? { onFirstPass } : {}));
  const ask = createAskService(config, store, { knowledge: await loadKnowledgeBase(config.KNOWLEDGE_DIR), news: news.service, logger });
  // Digests and alerts: the tick and matcher run in every process (idempotent keys); a sender per platform below.
  const delivery = createDeliveryRuntime({ database: stores.database, feed: storyFeedFrom(news.repo, news.sources), topics: news.service.topics(), settings: { DIGEST_GRACE_MS: config.DIGEST_GRACE, ALERTS_PER_HOUR: config.ALERTS_PER_HOUR, DIGEST_TICK_SECONDS: config.DIGEST_TICK_SECONDS, ALERT_POLL_SECONDS: config.ALERT_POLL_SECONDS }, logger });
  stoppers.push(delivery.startScheduling());
  const { core } = await createApp({
    knowledgeDir: config.KNOWLEDGE_DIR,
    logger,
    extraServices: { news: news.service, storage: { dialect: stores.database.dialect, schemaVersion: stores.schemaVersion }, ask, digests: delivery.service, alerts: delivery.service },
    ...(ops ? { onCommand: ops.recordCommand } : {}),
  });
  logger.info({ adapters, store: stores.database.safeUrl, keyv: store.kind }, 'chainbrief starting');
  const live: Partial<Record<'discord' | 'telegram', { connected(): boolean }>> = {};
  if (ops && config.HTTP_PORT !== undefined) {
    const server = await ops.startOps({
      port: config.HTTP_PORT,
      host: config.HTTP_HOST,
      logger,
      health: {
        store: ops.databaseHealth(stores.database),
        adapters: () => ops.adapterStates(adapters, live),
        lastIngest: async () => (await news.service.lastIngest())?.at ?? null,
        outbox: () => delivery.outboxStats(),
      },
    });
    stoppers.push(() => server.close());
  }

  // Platform adapters register here (src/adapters/<platform>/), each returning a stopper.
  if (adapters.includes('discord')) {
    const { startDiscord } = await import('./adapters/discord/index.js');
    const discord = await startDiscord({ config, core, store, logger });
    live.discord = discord;
    stoppers.push(() => discord.stop());
    stoppers.push(delivery.startSender(discord.push));
    // Stay alive while Discord runs, even between gateway reconnects; cleared on shutdown.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    stoppers.push(async () => clearInterval(keepAlive));
  }
  if (config.TELEGRAM_BOT_TOKEN) {
    const { startTelegram } = await import('./adapters/telegram/index.js');
    const telegram = await startTelegram({ config, core, store, logger });
    live.telegram = telegram;
    stoppers.push(() => telegram.stop());
    stoppers.push(delivery.startSender(telegram.push));
    // Stay alive while Telegram runs, even while a long poll is being retried; cleared on shutdown.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    stoppers.push(async () => clearInterval(keepAlive));
  }

  // One shutdown path, run once: stop in reverse start order (adapters and ingest before the store),
  // bounded overall so a store that no longer answers cannot hold the process.
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (reason: string, code = 0): Promise<void> => {
    shuttingDown ??= (async () => {
      logger.info({ reason }, 'shutting down');
      const inTime = await stopAll(stoppers, (err: unknown) => logger.warn({ err }, 'stop failed'));
      if (!inTime) logger.warn({ reason }, 'shutdown deadline passed; exiting without waiting further');
      process.exit(code);
    })();
    return shuttingDown;
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGHUP', () => void shutdown('SIGHUP'));
  // When `npm start` is killed, npm does not always pass the signal on: notice its death ourselves.
  watchParent((reason) => void shutdown(reason));

  // Everything is up: `ms` counts from process start (the start-up figure `npm run bench` reports).
  logger.info({ adapters, ms: Math.round(performance.now()) }, 'chainbrief ready');
  if (consoleOnly) {
    // Console pushes (a digest set with /digest in console:local) are printed between answers.
    const { createConsolePush } = await import('./adapters/console/console-push.js');
    stoppers.push(delivery.startSender(createConsolePush()));
    // Pipe mode exits 1 when any line was refused, like the one-shot CLI.
    const failures = await runConsole(core);
    await shutdown('end of console input', failures > 0 && !process.stdin.isTTY ? EXIT_FAILURE : 0);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${describeFatal(err)}\n`);
  process.exit(exitCodeFor(err));
});
