/**
 * Composition root: load config → store → core → adapters (→ scheduler). No logic of its own.
 * With no platform token set, the console adapter runs.
 */
import 'dotenv/config';
import { createApp } from './app.js';
import { ConfigError, enabledAdapters, loadConfig, type Config } from './config.js';
import { runConsole } from './adapters/console/console-adapter.js';
import { createLogger } from './logger.js';
import { openStores } from './open-stores.js';
import { createNewsRuntime, startIngestLoop } from './news/news-runtime.js';
import { createDeliveryRuntime } from './digest/delivery-runtime.js';
import { storyFeedFrom } from './digest/story-feed-adapter.js';

/** Something main started that must be stopped on shutdown. */
type Stopper = () => Promise<void>;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`chainbrief: ${e.message}\n`);
      process.exit(78);
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
  if (config.INGEST_SCHEDULE !== 'off') stoppers.push(startIngestLoop(news.ingestor, config.INGEST_SCHEDULE, logger));
  // Digests and alerts: the tick and matcher run in every process (idempotent keys); a sender per platform below.
  const delivery = createDeliveryRuntime({ database: stores.database, feed: storyFeedFrom(news.repo, news.sources), topics: news.service.topics(), settings: { DIGEST_GRACE_MS: config.DIGEST_GRACE, ALERTS_PER_HOUR: config.ALERTS_PER_HOUR, DIGEST_TICK_SECONDS: config.DIGEST_TICK_SECONDS, ALERT_POLL_SECONDS: config.ALERT_POLL_SECONDS }, logger });
  stoppers.push(delivery.startScheduling());
  const { core } = await createApp({
    knowledgeDir: config.KNOWLEDGE_DIR,
    logger,
    extraServices: { news: news.service, storage: { dialect: stores.database.dialect, schemaVersion: stores.schemaVersion }, digests: delivery.service, alerts: delivery.service },
  });
  logger.info({ adapters, store: stores.database.safeUrl, keyv: store.kind }, 'chainbrief starting');

  // Platform adapters register here (src/adapters/<platform>/), each returning a stopper.
  if (adapters.includes('discord')) {
    const { startDiscord } = await import('./adapters/discord/index.js');
    const discord = await startDiscord({ config, core, store, logger });
    stoppers.push(() => discord.stop());
    stoppers.push(delivery.startSender(discord.push));
    // Stay alive while Discord runs, even between gateway reconnects; cleared on shutdown.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    stoppers.push(async () => clearInterval(keepAlive));
  }
  if (config.TELEGRAM_BOT_TOKEN) {
    const { startTelegram } = await import('./adapters/telegram/index.js');
    const telegram = await startTelegram({ config, core, store, logger });
    stoppers.push(() => telegram.stop());
    stoppers.push(delivery.startSender(telegram.push));
    // Stay alive while Telegram runs, even while a long poll is being retried; cleared on shutdown.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    stoppers.push(async () => clearInterval(keepAlive));
  }

  // One shutdown path, run once: stop in reverse start order (adapters and ingest before the store).
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    shuttingDown ??= (async () => {
      logger.info({ reason }, 'shutting down');
      for (const stop of [...stoppers].reverse()) await stop().catch((err: unknown) => logger.warn({ err }, 'stop failed'));
      process.exit(0);
    })();
    return shuttingDown;
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  if (consoleOnly) {
    // Console pushes (a digest set with /digest in console:local) are printed between answers.
    const { createConsolePush } = await import('./adapters/console/console-push.js');
    stoppers.push(delivery.startSender(createConsolePush()));
    await runConsole(core);
    await shutdown('end of console input');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`chainbrief: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
