/**
 * One-shot CLI: `npm run cli -- "/cbdc-status China"` prints one answer on stdout and exits 0;
 * an unknown command or bad argument prints the message on stderr and exits 1; an invalid
 * configuration exits 78, as `npm start` does. It loads only what the command needs: commands that
 * read neither stories nor source health (/about, /help, /city-rank) never open the stores.
 */
import 'dotenv/config';
import type { Services } from '../commands/services.js';
import { createApp, loadKnowledgeBase } from './app.js';
import { answerLine } from './adapters/console/console-adapter.js';
import { loadConfig } from './config.js';
import { parseCommandLine } from './core/args.js';
import { canonicalName } from './core/command.js';
import { describeFatal, exitCodeFor } from './exit-codes.js';
import { createLogger } from './logger.js';

/**
 * Commands answered from the knowledge store alone; every other line gets the stores and the news
 * service. /about is one: in a one-shot answer it leaves out the store line rather than open the stores.
 */
const KNOWLEDGE_ONLY = new Set(['about', 'help', 'city-rank']);

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
    const [{ openStores }, { createNewsRuntime }] = await Promise.all([import('./open-stores.js'), import('./news/news-runtime.js')]);
    const stores = await openStores(config, logger);
    close = () => stores.close();
    try {
      extraServices.news = (await createNewsRuntime(config, stores.database, { logger })).service;
      extraServices.storage = { dialect: stores.database.dialect, schemaVersion: stores.schemaVersion };
      const { createAskService } = await import('./ai/ask-runtime.js');
      extraServices.ask = createAskService(config, stores.keyv, { knowledge: await loadKnowledgeBase(config.KNOWLEDGE_DIR), news: extraServices.news, logger });
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
    process.stderr.write(`${describeFatal(err, 'run')}\n`);
    process.exit(exitCodeFor(err));
  },
);
