/**
 * One-shot CLI: `npm run cli -- "/cbdc-status China"` prints one answer on stdout and exits 0;
 * an unknown command or bad argument prints the message on stderr and exits 1. It loads only what
 * the command needs: knowledge-only commands never open the store or load the news pipeline.
 */
import 'dotenv/config';
import type { Services } from '../commands/services.js';
import { createApp } from './app.js';
import { answerLine } from './adapters/console/console-adapter.js';
import { ConfigError, loadConfig } from './config.js';
import { parseCommandLine } from './core/args.js';
import { canonicalName } from './core/command.js';
import { createLogger } from './logger.js';

/** Commands answered from the knowledge store alone; every other line gets the store and the news service. */
const KNOWLEDGE_ONLY = new Set(['about', 'help', 'cbdc-status', 'china-blockchain', 'city-rank']);

async function cli(argv: string[]): Promise<number> {
  const line = argv.join(' ').trim();
  if (!line) {
    process.stderr.write('usage: npm run cli -- "/command args" (try "/help")\n');
    return 2;
  }
  const config = loadConfig();
  // Like the console: only errors unless LOG_LEVEL is set, so stdout/stderr carry the answer.
  const logger = createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'error');
  const parsed = parseCommandLine(line.startsWith('/') ? line : `/${line}`);
  const extraServices: Partial<Services> = {};
  let close = async (): Promise<void> => undefined;
  if (!parsed || !KNOWLEDGE_ONLY.has(canonicalName(parsed.command))) {
    // The one-shot CLI reads what the bot has ingested (/news, /sources) but never fetches feeds itself.
    const [{ openStore }, { createNewsRuntime }] = await Promise.all([import('./storage/keyv-factory.js'), import('./news/news-runtime.js')]);
    const store = openStore(config.STORE_URL);
    close = () => store.close();
    try {
      extraServices.news = (await createNewsRuntime(config, store, { logger })).service;
    } catch (e) {
      await close();
      throw e;
    }
  }
  try {
    const { core } = await createApp({ knowledgeDir: config.KNOWLEDGE_DIR, logger, extraServices });
    const { text, error } = await answerLine(core, line);
    (error ? process.stderr : process.stdout).write(`${text}\n`);
    return error ? 1 : 0;
  } finally {
    await close();
  }
}

cli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const msg = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`chainbrief: ${msg}\n`);
    process.exit(1);
  },
);
