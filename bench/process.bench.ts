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
import { offlineBotEnv } from '../test/helpers/bot-env.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;


/** GNU time, when installed, reports the CPU time of a run (a figure a busy machine inflates less than wall time). */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Wall and CPU time (user + system, children included) of one run. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): { wallMs: number; cpuMs: number | null } {
  const t = performance.now();
  const r = GNU_TIME ? spawnSync(GNU_TIME, ['-f', 'cpu %U %S', cmd, ...args], { env, encoding: 'utf8' }) : spawnSync(cmd, args, { env, encoding: 'utf8' });
  const wallMs = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  return { wallMs, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : null };
}

/** `npm run -s cli -- "/about"` end to end (npm included) and `node dist/src/cli.js` alone: medians of `runs` after a warm-up. */
function oneShot(env: NodeJS.ProcessEnv, runs: number): Record<string, number | null> {
  const npmArgs = ['run', '-s', 'cli', '--', '/about'];
  timed('npm', npmArgs, env);
  const npm = Array.from({ length: runs }, () => timed('npm', npmArgs, env));
  const node = Array.from({ length: runs }, () => timed(process.execPath, ['dist/src/cli.js', '/about'], env));
  const cpu = (xs: Array<{ cpuMs: number | null }>): number | null => (xs.some((x) => x.cpuMs === null) ? null : Math.round(median(xs.map((x) => x.cpuMs!))));
  return {
    'cli.oneShotMs': Math.round(median(npm.map((x) => x.wallMs))),
    'cli.oneShotCpuMs': cpu(npm),
    'cli.oneShotNodeMs': Math.round(median(node.map((x) => x.wallMs))),
    'cli.oneShotNodeCpuMs': cpu(node),
  };
}

/** CPU time (user + system) a live process has used so far, from /proc (Linux clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Starts the compiled bot (console, ops listener on), measures time to ready, then idle RSS. */
async function startAndIdle(env: NodeJS.ProcessEnv, idleMs: number): Promise<{ readyMs: number; readyCpuMs: number; rssMb: number }> {
  const t = performance.now();
  const child = spawn(process.execPath, ['dist/src/main.js'], { env: { ...env, LOG_LEVEL: 'info', HTTP_PORT: '0' }, stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    let readyCpuMs = NaN;
    const readyMs = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no "chainbrief ready" line within 30 s')), 30_000);
      createInterface({ input: child.stderr }).on('line', (l) => {
        if (l.includes('"msg":"chainbrief ready"')) {
          clearTimeout(timer);
          readyCpuMs = cpuMsOf(child.pid!);
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
    return { readyMs: Math.round(readyMs), readyCpuMs, rssMb: Math.round((kb / 1024) * 10) / 10 };
  } finally {
    child.stdin.end();
    child.kill();
  }
}

/** `cli.oneShotMs`, `startup.readyMs`, `memory.idleMb` of the compiled program. */
export async function benchProcess(runs = 5): Promise<Record<string, number | null>> {
  if (!existsSync('dist/src/cli.js') || !existsSync('dist/knowledge-snapshot.json')) {
    const b = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
    if (b.status !== 0) throw new Error('npm run build failed');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'chainbrief-bench-'));
  try {
    const env = offlineBotEnv(dir);
    const cli = oneShot(env, runs);
    const starts: Array<{ readyMs: number; readyCpuMs: number; rssMb: number }> = [];
    for (let i = 0; i < 3; i++) starts.push(await startAndIdle(env, i === 2 ? 3000 : 200));
    return {
      ...cli,
      'startup.readyMs': Math.round(median(starts.map((s) => s.readyMs))),
      'startup.readyCpuMs': Math.round(median(starts.map((s) => s.readyCpuMs))),
      'memory.idleMb': starts[2]!.rssMb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
