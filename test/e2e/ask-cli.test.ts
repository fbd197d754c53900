/**
 * `npm run cli -- "/ask …"` as a user runs it: with no key it answers from the knowledge store
 * (and sends nothing to OPENAI_BASE_URL); with a key and a compatible server it gives a cited answer.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.js';
import { citationsOf, sourcesOf } from '../unit/ai/ask-helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'chainbrief-ask-cli-'));
let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `npm run -s cli -- <line>` asynchronously (the fake answers from this process meanwhile). */
function cli(line: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '-s', 'cli', '--', line],
      {
        timeout: 60_000,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          STORE_URL: `sqlite://${path.join(dir, 'bot.sqlite')}`,
          INGEST_SCHEDULE: 'off',
          DISCORD_TOKEN: '',
          TELEGRAM_BOT_TOKEN: '',
          OPENAI_API_KEY: '',
          OPENAI_BASE_URL: fake.baseUrl,
          ...env,
        },
      },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function expectCited(text: string): void {
  const cites = citationsOf(text);
  const sources = sourcesOf(text);
  expect(cites.length).toBeGreaterThan(0);
  for (const c of cites) expect(sources.get(c)).toMatch(/^https?:\/\//);
}

describe('npm run cli -- "/ask …"', () => {
  it('with no key answers from the knowledge store with a dated, sourced fact, and makes no request', async () => {
    const r = await cli('/ask When did China ban crypto trading?', {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('From the knowledge store (AI off)');
    expect(r.stdout).toContain('AI off: no API key is configured.');
    expect(r.stdout).toMatch(/\[2021-09-24\] .*crypto trading/);
    expect(r.stdout).toMatch(/As of \d{4}-\d{2}-\d{2}/);
    expectCited(r.stdout);
    expect(fake.requests).toHaveLength(0);
  }, 70_000);

  it('with a key and a compatible server gives an answer whose every citation maps to a real source', async () => {
    const r = await cli('/ask When did China ban crypto trading?', { OPENAI_API_KEY: 'sk-cli-test', OPENAI_MODEL: 'fake-model' });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Answer');
    expect(r.stdout).not.toContain('AI off');
    expectCited(r.stdout);
    expect(fake.requests).toHaveLength(1);
    expect(r.stdout + r.stderr).not.toContain('sk-cli-test');
  }, 70_000);

  it('rejects a 2-character question with a clear message and exit 1', async () => {
    const r = await cli('/ask hi', {});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Your question has 2 characters; ask in 3 to 300 characters');
  }, 70_000);
});
