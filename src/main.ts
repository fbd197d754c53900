/**
 * Composition root: load config → store → core → adapters (→ scheduler). No logic of its own.
 * With no platform token set, the console adapter runs.
 */
import 'dotenv/config';
import { createApp } from './app.js';
import { ConfigError, enabledAdapters, loadConfig, type Config } from './config.js';
import { runConsole } from './adapters/console/console-adapter.js';
import { createLogger } from './logger.js';
import { openStore } from './storage/keyv-factory.js';
import { createNewsRuntime, startIngestLoop } from './news/news-runtime.js';

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
  const store = openStore(config.STORE_URL);
  const stoppers: Stopper[] = [() => store.close()];
  const news = await createNewsRuntime(config, store, { logger });
  // Operations listener (HTTP_PORT): metrics are recorded, and prom-client loaded, only when it runs.
  const ops = config.HTTP_PORT === undefined ? undefined : await import('./ops/index.js');
  const ingestor = ops ? ops.countingIngestor(news.ingestor) : news.ingestor;
  if (config.INGEST_SCHEDULE !== 'off') stoppers.push(startIngestLoop(ingestor, config.INGEST_SCHEDULE, logger));
  const { core } = await createApp({
    knowledgeDir: config.KNOWLEDGE_DIR,
    logger,
    extraServices: { news: news.service },
    ...(ops ? { onCommand: ops.recordCommand } : {}),
  });
  logger.info({ adapters, store: store.kind }, 'chainbrief starting');
  const live: Partial<Record<'discord' | 'telegram', { connected(): boolean }>> = {};
  if (ops && config.HTTP_PORT !== undefined) {
    const server = await ops.startOps({
      port: config.HTTP_PORT,
      host: config.HTTP_HOST,
      logger,
      health: {
        store: ops.keyvStoreHealth(store),
        adapters: () => ops.adapterStates(adapters, live),
        lastIngest: async () => (await news.service.lastIngest())?.at ?? null,
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
    // Stay alive while Discord runs, even between gateway reconnects; cleared on shutdown.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    stoppers.push(async () => clearInterval(keepAlive));
  }
  if (config.TELEGRAM_BOT_TOKEN) {
    const { startTelegram } = await import('./adapters/telegram/index.js');
    const telegram = await startTelegram({ config, core, store, logger });
    live.telegram = telegram;
    stoppers.push(() => telegram.stop());
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

  // Everything is up: `ms` counts from process start (the start-up figure `npm run bench` reports).
  logger.info({ adapters, ms: Math.round(performance.now()) }, 'chainbrief ready');
  if (consoleOnly) {
    await runConsole(core);
    await shutdown('end of console input');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`chainbrief: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
