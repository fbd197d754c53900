/**
 * The compiled build (dist/, compiled by test/global-build.ts as `npm run build` does when it is
 * stale): the compiled one-shot CLI answers once, and the compiled bot with HTTP_PORT serves
 * /healthz and /metrics while the console answers a command.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineBotEnv } from '../helpers/bot-env.js';

const dir = mkdtempSync(path.join(tmpdir(), 'chainbrief-dist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = offlineBotEnv(dir);

beforeAll(() => {
  if (!existsSync('dist/src/cli.js') || !existsSync('dist/knowledge-snapshot.json')) throw new Error('dist/ was not built by the global setup');
});

describe('compiled build', () => {
  it('the compiled CLI answers /about with the package version', () => {
    const r = spawnSync(process.execPath, ['dist/src/cli.js', '/about'], { encoding: 'utf8', timeout: 30_000, env: { ...env, LOG_LEVEL: 'warn' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    expect(r.stdout).toContain(`Version: ${version}`);
    expect(r.stdout).toMatch(/Knowledge as of: \d{4}-\d{2}-\d{2}/);
  });

  it('the compiled bot serves /healthz and /metrics on HTTP_PORT and counts a console command', async () => {
    const child = spawn(process.execPath, ['dist/src/main.js'], { env: { ...env, LOG_LEVEL: 'info', HTTP_PORT: '0' }, stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      const logs = createInterface({ input: child.stderr });
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no "ops listener started" line within 30 s')), 30_000);
        logs.on('line', (l) => {
          const m = /"port":(\d+).*"msg":"ops listener started"/.exec(l);
          if (m) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        });
      });
      const base = `http://127.0.0.1:${port}`;
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', store: 'ok', adapters: { discord: 'disabled', telegram: 'disabled' } });

      const answered = new Promise<void>((resolve) => {
        createInterface({ input: child.stdout }).on('line', (l) => {
          if (l.startsWith('Facts:')) resolve();
        });
      });
      child.stdin.write('/about\n');
      await answered;
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await metrics.text()).toMatch(/^chainbrief_commands_total\{command="about",outcome="ok"\} 1$/m);
      expect((await fetch(`${base}/nothing-here`)).status).toBe(404);

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.stdin.end();
      expect(await exited).toBe(0);
    } finally {
      child.kill();
    }
  });
});
