import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'chainbrief-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a project entry point with tsx as a child process, no platform tokens, a temp store. */
function run(script: string, args: string[], input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    input,
    encoding: 'utf8',
    timeout: 30_000,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      STORE_URL: `sqlite://${path.join(dir, 'bot.sqlite')}`,
      LOG_LEVEL: 'warn',
      INGEST_SCHEDULE: 'off',
      DISCORD_TOKEN: '',
      TELEGRAM_BOT_TOKEN: '',
    },
  });
}

describe('one-shot CLI (npm run cli)', () => {
  it('answers /city-rank on stdout and exits 0', () => {
    const r = run('src/cli.ts', ['/city-rank']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Beijing');
    expect(r.stdout).toContain('99.82');
    expect(r.stdout).toContain('2020 China Blockchain City Innovation Development Index');
  });
  it('answers /cbdc-status China with a source link', () => {
    const r = run('src/cli.ts', ['/cbdc-status China']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Pilot/);
    expect(r.stdout).toMatch(/https?:\/\//);
  });
  it('exits non-zero with a message on stderr for an unknown command', () => {
    const r = run('src/cli.ts', ['/nonsense']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Unknown command /nonsense');
    expect(r.stdout).toBe('');
  });
});

describe('console adapter on a pipe (echo "/help" | npm start)', () => {
  it('answers each line in order; a refused line (Atlantis) makes the exit status 1', () => {
    const r = run('src/main.ts', [], '/help\n/cbdc-status Atlantis\n\n/city-rank top 3\n');
    expect(r.status).toBe(1);
    const help = r.stdout.indexOf('chainbrief commands');
    const atlantis = r.stdout.indexOf('No CBDC data for "Atlantis"');
    const rank = r.stdout.indexOf('#3 Shanghai');
    expect(help).toBeGreaterThanOrEqual(0);
    expect(atlantis).toBeGreaterThan(help);
    expect(rank).toBeGreaterThan(atlantis);
  });
  it('stops with one readable line naming a bad variable', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      input: '',
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: process.env.PATH, STORE_URL: 'mysql://nope', INGEST_SCHEDULE: 'off' },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('STORE_URL');
  });
});
