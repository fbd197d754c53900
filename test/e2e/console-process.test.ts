/**
 * The bot as a process: exit status in pipe mode and for configuration errors, the start-up ingest
 * notice, and exiting when the `npm start` that launched it is killed.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { offlineBotEnv } from '../helpers/bot-env.js';

const dir = mkdtempSync(path.join(tmpdir(), 'chainbrief-proc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const baseEnv = (): NodeJS.ProcessEnv => offlineBotEnv(dir);

function run(script: string, args: string[], input: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { input, encoding: 'utf8', timeout: 60_000, env: { ...baseEnv(), ...env } });
}

/** Resolves when `stream` has produced text matching `re` (rejects after `ms`). */
function waitFor(child: ChildProcessWithoutNullStreams, stream: 'stdout' | 'stderr', re: RegExp, ms = 45_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re} on ${stream}; got: ${seen}`)), ms);
    child[stream].on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (re.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('pipe mode exit status', () => {
  it('exits 0 when every line was answered', () => {
    const r = run('src/main.ts', [], '/about\n/city-rank top 3\n');
    expect(r.stdout).toContain('#3 Shanghai');
    expect(r.status).toBe(0);
  });
  it('exits 1 when any line was refused, after answering the others', () => {
    const r = run('src/main.ts', [], '/foo\n/about\n');
    expect(r.stdout).toContain('Unknown command /foo');
    expect(r.stdout).toMatch(/chainbrief/i);
    expect(r.status).toBe(1);
  });
});

describe('configuration errors exit 78 from both entry points', () => {
  it.each([
    ['npm start (src/main.ts)', 'src/main.ts', []],
    ['npm run cli (src/cli.ts)', 'src/cli.ts', ['/about']],
  ])('%s', (_name, script, args) => {
    const r = run(script, args, '', { NEWS_RETENTION_DAYS: 'abc' });
    expect(r.status).toBe(78);
    expect(r.stderr.trim()).toBe('chainbrief: Invalid configuration — NEWS_RETENTION_DAYS: must be a whole number from 1 to 3650. See .env.example.');
  });
});

describe('a broken knowledge file', () => {
  it('exits 78 from the CLI with the YAML code frame on stderr', () => {
    const kb = path.join(dir, 'knowledge');
    cpSync('config/knowledge', kb, { recursive: true });
    const file = path.join(kb, 'china.yaml');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.splice(3, 0, 'broken: key: with: colons');
    writeFileSync(file, lines.join('\n'));
    const r = run('src/cli.ts', ['/about'], '', { KNOWLEDGE_DIR: kb });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/^chainbrief: china\.yaml: not valid YAML: .*at line 4, column \d+:/);
    expect(r.stderr).toContain('broken: key: with: colons');
    expect(r.stderr).toMatch(/\n\s*\^/);
  });
});

describe('console start-up ingest that reaches no feed', () => {
  it('prints one line saying so and pointing at /sources, which lists the source as unhealthy', async () => {
    const feeds = path.join(dir, 'feeds.yaml');
    // Port 1 on loopback: nothing listens there, so the fetch is refused at once.
    writeFileSync(feeds, 'sources:\n  - id: nowhere\n    url: http://127.0.0.1:1/feed.xml\n');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...baseEnv(), STORE_URL: `sqlite://${path.join(dir, 'ingest.sqlite')}`, FEEDS_FILE: feeds, FEEDS_ALLOW_PRIVATE_NETWORKS: 'true', INGEST_SCHEDULE: '0 0 1 1 *' },
    });
    const stderr = await waitFor(child, 'stderr', /reached none/);
    expect(stderr.trim()).toBe('News: the start-up ingest reached none of the 1 news feeds (offline?); /news stays empty until one answers — type /sources to see why.');
    const answer = waitFor(child, 'stdout', /0 healthy/);
    child.stdin.end('/sources\n');
    expect(await answer).toMatch(/1 sources: 0 healthy, 1 unhealthy\./);
    expect(await exited(child)).toBe(0);
  }, 60_000);
});

/** Every descendant of `root` (Linux /proc). */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we were looking
    }
  }
  const out: number[] = [];
  const walk = (pid: number): void => {
    for (const [child, parent] of parentOf) {
      if (parent !== pid) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.runIf(process.platform === 'linux')('when npm start is killed', () => {
  it('the bot exits too, although its stdin stays open', async () => {
    const npm = spawn('npm', ['start', '--silent'], { env: { ...baseEnv(), STORE_URL: `sqlite://${path.join(dir, 'orphan.sqlite')}` } });
    const answered = waitFor(npm, 'stdout', /Version/);
    npm.stdin.write('/about\n');
    await answered;
    const tree = descendants(npm.pid!);
    expect(tree.length).toBeGreaterThan(0);
    npm.kill('SIGKILL');
    const deadline = Date.now() + 15_000;
    while (tree.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const left = tree.filter(isAlive);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    npm.stdin.destroy();
    expect(left).toEqual([]);
  }, 60_000);
});
