/**
 * Runs `src/main.ts` as a child process (the real bot) against the local fakes, for crash,
 * restart and several-process tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** A running bot process. */
export interface BotProcess {
  child: ChildProcess;
  stderr(): string;
  /** Resolves with the exit code (or signal) once it has exited. */
  exited: Promise<number | string | null>;
}

/**
 * Starts the bot with `env` (merged over a quiet, offline base: no ingest, no feeds, no AI): from the
 * TypeScript sources through tsx, or `compiled` from `dist/` as `npm start` runs it (build first).
 */
export function startBot(dir: string, env: Record<string, string>, opts: { compiled?: boolean } = {}): BotProcess {
  const feeds = path.join(dir, 'feeds.yaml');
  writeFileSync(feeds, 'sources:\n  - id: local\n    url: http://127.0.0.1:9/feed.xml\n    enabled: false\n');
  let err = '';
  const args = opts.compiled ? [path.resolve('dist/src/main.js')] : [path.resolve('node_modules/tsx/dist/cli.mjs'), 'src/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DISCORD_TOKEN: '',
      TELEGRAM_BOT_TOKEN: '',
      TELEGRAM_WEBHOOK_URL: '',
      OPENAI_API_KEY: '',
      INGEST_SCHEDULE: 'off',
      FEEDS_FILE: feeds,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string | null>((r) => child.once('exit', (code, signal) => r(code ?? signal)));
  return { child, stderr: () => err, exited };
}
