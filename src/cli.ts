/**
 * One-shot CLI: `npm run cli -- "/cbdc-status China"` prints one answer on stdout and exits 0;
 * an unknown command or bad argument prints the message on stderr and exits 1.
 */
import 'dotenv/config';
import { createApp } from './app.js';
import { answerLine } from './adapters/console/console-adapter.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

async function cli(argv: string[]): Promise<number> {
  const line = argv.join(' ').trim();
  if (!line) {
    process.stderr.write('usage: npm run cli -- "/command args" (try "/help")\n');
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const { core } = await createApp({ knowledgeDir: config.KNOWLEDGE_DIR, logger });
  const { text, error } = await answerLine(core, line);
  (error ? process.stderr : process.stdout).write(`${text}\n`);
  return error ? 1 : 0;
}

cli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const msg = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`chainbrief: ${msg}\n`);
    process.exit(1);
  },
);
