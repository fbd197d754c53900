/**
 * `npm run ingest -- --once`: one ingest pass, a summary on stdout, exit 0 even when some sources
 * failed. Exits non-zero only when the pass could not run (bad configuration, unreadable store).
 */
import 'dotenv/config';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openStores } from '../open-stores.js';
import { formatSummary } from './ingest-summary.js';
import { createNewsRuntime } from './news-runtime.js';

async function main(argv: string[]): Promise<number> {
  if (!argv.includes('--once')) {
    process.stderr.write('usage: npm run ingest -- --once   (the scheduled loop runs inside the bot: npm start)\n');
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const stores = await openStores(config, logger);
  try {
    const runtime = await createNewsRuntime(config, stores.database, { logger });
    const summary = await runtime.ingestor.run({ force: true });
    process.stdout.write(`${formatSummary(summary)}\n`);
    return 0;
  } finally {
    await stores.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const msg = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`chainbrief ingest: ${msg}\n`);
    process.exit(1);
  },
);
