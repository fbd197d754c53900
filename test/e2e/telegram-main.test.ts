/**
 * "Done means": `npm start` (src/main.ts) with TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT pointing at
 * the fake Bot API sets the menus and answers the headline commands in a private chat and a group,
 * with valid HTML carrying sources and an as-of date; SIGTERM stops it cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotApi, type SentMessage } from '../fakes/telegram-bot-api.js';
import { ALICE, GROUP, PRIVATE_CHAT, waitUntil } from '../fakes/telegram-harness.js';

let fake: FakeBotApi;
let child: ChildProcess;
let dir: string;
let stderr = '';

/**
 * Sends a command and resolves with the bot's answer: the bot confirms updates before answering
 * them, so this waits for the reply to the command and then until no further part arrives.
 */
async function say(text: string, chat = PRIVATE_CHAT): Promise<SentMessage[]> {
  const mark = fake.sent.length;
  const updateId = fake.injectText({ chat, from: ALICE, text });
  const messageId = fake.injectedMessageIds.get(updateId);
  await waitUntil(() => fake.sent.slice(mark).some((m) => m.replyTo === messageId), `an answer to ${text}`);
  // Parts to one chat are paced at one per second: quiet for 1.5 s means the answer is complete.
  let count = -1;
  while (count !== fake.sent.length) {
    count = fake.sent.length;
    await new Promise((r) => setTimeout(r, 1500));
  }
  return fake.sent.slice(mark);
}

beforeAll(async () => {
  fake = await FakeBotApi.start();
  fake.addChat({ ...PRIVATE_CHAT });
  fake.addChat({ ...GROUP });
  dir = await mkdtemp(path.join(tmpdir(), 'chainbrief-tg-main-'));
  // No feed may reach an outside host: one disabled local source.
  await writeFile(path.join(dir, 'feeds.yaml'), 'sources:\n  - id: local\n    url: http://127.0.0.1:9/feed.xml\n    enabled: false\n');
  child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'src/main.ts'], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      DISCORD_TOKEN: '',
      TELEGRAM_WEBHOOK_URL: '',
      STORE_URL: `sqlite://${path.join(dir, 'store.sqlite')}`,
      FEEDS_FILE: path.join(dir, 'feeds.yaml'),
      OPENAI_API_KEY: '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await waitUntil(() => fake.callsOf('getUpdates').some((c) => Number(c.payload.timeout) > 0) || child.exitCode !== null, 'the bot to start polling', 18_000);
  if (child.exitCode !== null) throw new Error(`bot exited early: ${stderr}`);
}, 20_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm start with Telegram configured', () => {
  it('sets the command menus for both scopes', () => {
    expect(fake.menus.get('default')?.map((c) => c.command)).toEqual(expect.arrayContaining(['city_rank', 'cbdc_status', 'china_blockchain', 'help']));
    expect(fake.menus.has('all_chat_administrators')).toBe(true);
  });

  it('answers /city_rank, /cbdc_status China, /china-blockchain and /city_rank@bot in a group', async () => {
    const answers = [
      await say('/city_rank'),
      await say('/cbdc_status China'),
      await say('/china-blockchain'),
      await say(`/city_rank@${fake.bot.username}`, GROUP),
    ];
    for (const sent of answers) {
      expect(sent.length).toBeGreaterThan(0);
      const text = sent.map((m) => m.text).join('\n');
      expect(text).toMatch(/As of \d{4}-\d{2}-\d{2}/);
      expect(sent.flatMap((m) => m.links).length).toBeGreaterThan(0);
    }
    expect(answers[0]!.map((m) => m.text).join('')).toContain('Beijing');
    expect(answers[1]!.map((m) => m.text).join('')).toContain('e-CNY');
    expect(answers[3]![0]!.chatId).toBe(GROUP.id);
    expect(fake.htmlErrors).toEqual([]);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toContain(fake.token);
  });
});
