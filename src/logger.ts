/** pino logger: JSON by default, pretty in a TTY. Tokens are redacted wherever they appear. */
import pino from 'pino';
import type { Logger } from './core/logger.js';

/** Paths that may carry secrets in logged objects. */
const REDACT = [
  'token',
  '*.token',
  'config.DISCORD_TOKEN',
  'config.TELEGRAM_BOT_TOKEN',
  'config.OPENAI_API_KEY',
  'headers.authorization',
  '*.headers.authorization',
  'DISCORD_TOKEN',
  'TELEGRAM_BOT_TOKEN',
  'OPENAI_API_KEY',
];

/** Creates the process logger. Logs go to stderr so the console adapter's stdout stays clean. */
export function createLogger(level: string, opts: { pretty?: boolean } = {}): Logger & pino.Logger {
  const pretty = opts.pretty ?? Boolean(process.stderr.isTTY);
  if (pretty) {
    return pino({
      level,
      redact: { paths: REDACT, censor: '[redacted]' },
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true, ignore: 'pid,hostname' } },
    });
  }
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, pino.destination(2));
}
