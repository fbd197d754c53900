/**
 * `npm start` with DISCORD_TOKEN and DISCORD_API_URL pointing at the fake Discord: the real
 * process logs in, registers the commands, answers the headline commands with sourced, dated
 * embeds, and shuts down cleanly on SIGTERM. Feeds point at the fake too (no outside host).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord-server.js';
import { autocomplete, chatInput } from '../fakes/discord-payloads.js';
import { limitProblems, sentMessages } from '../fakes/discord-view.js';
import { viewAll, TEST_TOKEN } from '../fakes/discord-harness.js';

describe('npm start with Discord enabled (fake Discord)', () => {
  let fake: FakeDiscord;
  let child: ChildProcess;
  let dir: string;
  let stderr = '';

  beforeAll(async () => {
    fake = await FakeDiscord.start({ token: TEST_TOKEN });
    dir = await mkdtemp(path.join(os.tmpdir(), 'chainbrief-discord-'));
    const feeds = path.join(dir, 'feeds.yaml');
    await writeFile(feeds, `sources:\n  - id: local\n    url: ${fake.apiUrl}/feed.xml\n`);
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: process.cwd(),
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        DISCORD_TOKEN: TEST_TOKEN,
        DISCORD_API_URL: fake.apiUrl,
        TELEGRAM_BOT_TOKEN: '',
        STORE_URL: `sqlite://${path.join(dir, 'store.sqlite')}`,
        FEEDS_FILE: feeds,
        FEEDS_ALLOW_PRIVATE_NETWORKS: 'true',
        OPENAI_API_KEY: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout?.resume();
    await fake.waitFor((r) => r.method === 'PUT', 30_000);
  }, 40_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function ask(command: string, args: Record<string, string | number>) {
    const payload = chatInput(fake, command, args);
    fake.dispatch('INTERACTION_CREATE', payload);
    await fake.waitFor((r) => r.path.includes(payload.token) && r.path.endsWith('/callback'));
    // A long answer continues in followups; its footer says how many parts to wait for.
    const first = sentMessages(fake.requestsFor(payload.token))[0];
    const parts = Number(/Part \d+\/(\d+)/.exec(first?.embeds?.at(-1)?.footer?.text ?? '')?.[1] ?? 1);
    await fake.waitFor(() => sentMessages(fake.requestsFor(payload.token)).length >= parts);
    const messages = sentMessages(fake.requestsFor(payload.token));
    for (const m of messages) expect(limitProblems(m)).toEqual([]);
    return viewAll(messages);
  }

  it('logs in, registers, and answers the headline commands with sources and an as-of date', async () => {
    expect(fake.identifies).toEqual([{ token: '[ok]', intents: 1 }]);
    expect(fake.registered.get('global')?.map((c) => (c as { name: string }).name)).toEqual(
      expect.arrayContaining(['city-rank', 'cbdc-status', 'china-blockchain', 'help', 'about']),
    );
    for (const [command, args] of [
      ['city-rank', {}],
      ['cbdc-status', { country: 'China' }],
      ['china-blockchain', {}],
    ] as const) {
      const view = await ask(command, args);
      expect(view.isError, `${command}: ${view.text}`).toBe(false);
      expect(view.links.some((l) => /^https:\/\//.test(l)), command).toBe(true);
      expect(view.text, command).toMatch(/As of \d{4}-\d{2}-\d{2}/);
    }
  });

  it('autocompletes countries and cities from the knowledge store', async () => {
    for (const [command, option, query, expected] of [
      ['cbdc-status', 'country', 'chi', 'China'],
      ['city-rank', 'city', 'hang', 'Hangzhou'],
    ] as const) {
      const payload = autocomplete(fake, command, option, query);
      fake.dispatch('INTERACTION_CREATE', payload);
      const r = await fake.waitFor((q) => q.path.includes(payload.token) && q.path.endsWith('/callback'));
      const body = r.body as { type: number; data: { choices: Array<{ name: string; value: string }> } };
      expect(body.type).toBe(8);
      expect(body.data.choices.length).toBeLessThanOrEqual(25);
      expect(body.data.choices.map((c) => c.name)).toContain(expected);
    }
  });

  it('stops cleanly on SIGTERM and never logs the token', async () => {
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(stderr).toContain('discord logged in');
    expect(stderr).not.toContain(TEST_TOKEN);
  });
});
