/**
 * The compiled program as an operator runs it: one-shot `npm run -s cli -- "/about"` end to end,
 * cold start of the bot to its "chainbrief ready" line, and the bot's resident memory when idle
 * (ops listener on, a few commands answered). Builds dist/ first when it is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function benchEnv(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    STORE_URL: `sqlite://${path.join(dir, 'bench.sqlite')}`,
    INGEST_SCHEDULE: 'off',
    DISCORD_TOKEN: '',
    TELEGRAM_BOT_TOKEN: '',
  };
}

/** Wall time of `npm run -s cli -- "/about"`, npm included (median of `runs` after one warm-up). */
function oneShot(env: NodeJS.ProcessEnv, runs: number): { npmMs: number; nodeMs: number } {
  const time = (cmd: string, args: string[]): number => {
    const t = performance.now();
    const r = spawnSync(cmd, args, { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    return performance.now() - t;
  };
  time('npm', ['run', '-s', 'cli', '--', '/about']);
  const npm = Array.from({ length: runs }, () => time('npm', ['run', '-s', 'cli', '--', '/about']));
  const node = Array.from({ length: runs }, () => time(process.execPath, ['dist/src/cli.js', '/about']));
  return { npmMs: Math.round(median(npm)), nodeMs: Math.round(median(node)) };
}

/** Starts the compiled bot (console, ops listener on), measures time to ready, then idle RSS. */
async function startAndIdle(env: NodeJS.ProcessEnv, idleMs: number): Promise<{ readyMs: number; rssMb: number }> {
  const t = performance.now();
  const child = spawn(process.execPath, ['dist/src/main.js'], { env: { ...env, LOG_LEVEL: 'info', HTTP_PORT: '0' }, stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    const readyMs = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no "chainbrief ready" line within 30 s')), 30_000);
      createInterface({ input: child.stderr }).on('line', (l) => {
        if (l.includes('"msg":"chainbrief ready"')) {
          clearTimeout(timer);
          resolve(performance.now() - t);
        }
      });
      child.once('exit', (code) => reject(new Error(`bot exited (${code}) before ready`)));
    });
    child.stdout.resume();
    child.stdin.write('/about\n/city-rank top 5\n/cbdc-status China\n');
    await new Promise((r) => setTimeout(r, idleMs));
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
    return { readyMs: Math.round(readyMs), rssMb: Math.round((kb / 1024) * 10) / 10 };
  } finally {
    child.stdin.end();
    child.kill();
  }
}

/** `cli.oneShotMs`, `startup.readyMs`, `memory.idleMb` of the compiled program. */
export async function benchProcess(runs = 5): Promise<Record<string, number>> {
  if (!existsSync('dist/src/cli.js') || !existsSync('dist/knowledge-snapshot.json')) {
    const b = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
    if (b.status !== 0) throw new Error('npm run build failed');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'chainbrief-bench-'));
  try {
    const env = benchEnv(dir);
    const cli = oneShot(env, runs);
    const starts: Array<{ readyMs: number; rssMb: number }> = [];
    for (let i = 0; i < 3; i++) starts.push(await startAndIdle(env, i === 2 ? 3000 : 200));
    return {
      'cli.oneShotMs': cli.npmMs,
      'cli.oneShotNodeMs': cli.nodeMs,
      'startup.readyMs': Math.round(median(starts.map((s) => s.readyMs))),
      'memory.idleMb': starts[2]!.rssMb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
