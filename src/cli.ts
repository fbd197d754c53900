/**
 * One-shot CLI: `npm run cli -- "/cbdc-status China"` prints one answer on stdout and exits 0;
 * an unknown command or bad argument prints the message on stderr and exits 1; an invalid
 * configuration exits 78, as `npm start` does.
 */
import 'dotenv/config';
import { createApp } from './app.js';
import { answerLine } from './adapters/console/console-adapter.js';
import { loadConfig } from './config.js';
import { describeFatal, exitCodeFor } from './exit-codes.js';
import { createLogger } from './logger.js';
import { createNewsRuntime } from './news/news-runtime.js';
import { openStores } from './open-stores.js';

async function cli(argv: string[]): Promise<number> {
  const line = argv.join(' ').trim();
  if (!line) {
    process.stderr.write('usage: npm run cli -- "/command args" (try "/help")\n');
    return 2;
  }
  const config = loadConfig();
  // Like the console: only errors unless LOG_LEVEL is set, so stdout/stderr carry the answer.
  const logger = createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'error');
  // The one-shot CLI reads what the bot has ingested (/news, /sources) but never fetches feeds itself.
  const stores = await openStores(config, logger);
  try {
    const news = await createNewsRuntime(config, stores.database, { logger });
    const storage = { dialect: stores.database.dialect, schemaVersion: stores.schemaVersion };
    const { core } = await createApp({ knowledgeDir: config.KNOWLEDGE_DIR, logger, extraServices: { news: news.service, storage } });
    const { text, error } = await answerLine(core, line);
    (error ? process.stderr : process.stdout).write(`${text}\n`);
    return error ? 1 : 0;
  } finally {
    await stores.close();
  }
}

cli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${describeFatal(err, 'run')}\n`);
    process.exit(exitCodeFor(err));
  },
);
