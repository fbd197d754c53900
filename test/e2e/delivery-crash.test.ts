/**
 * Crash safety: the bot process (src/main.ts) is killed with SIGKILL in the middle of one slot's
 * fan-out to 300 chats and started again. Every chat gets its digest; on Discord exactly once (the
 * nonce with enforce_nonce makes a resend a no-op); on Telegram at most the in-flight window
 * repeats, and the count is reported.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/delivery/outbox.js';
import { openDatabase } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { TEST_TOKEN } from '../fakes/discord-harness.js';
import { FakeDiscord, snowflake } from '../fakes/discord-server.js';
import { viewMessage } from '../fakes/discord-view.js';
import { FakeBotApi } from '../fakes/telegram-bot-api.js';
import { waitUntil } from '../fakes/telegram-harness.js';
import { startBot, type BotProcess } from '../helpers/bot-process.js';

const CHATS = 300;
/** The sender's default concurrency: what may be in flight when the process dies. */
const IN_FLIGHT_WINDOW = 8;
const dirs: string[] = [];
const bots: BotProcess[] = [];

afterAll(async () => {
  for (const b of bots) if (b.child.exitCode === null) b.child.kill('SIGKILL');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A fresh SQLite store holding one slot's fan-out: a digest row per conversation, all due now. */
async function storeWithFanOut(conversations: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'chainbrief-crash-'));
  dirs.push(dir);
  const url = `sqlite://${path.join(dir, 'store.sqlite')}`;
  const database = await openDatabase(url);
  await migrateToLatest(database);
  const outbox = new Outbox(database.db, database.dialect);
  const slot = Date.now();
  for (const [i, conversation] of conversations.entries()) {
    const payload = { title: 'Digest — 1 new story', sections: [{ items: [{ text: `Headline for chat ${i}` }] }] };
    await outbox.enqueue({ key: `digest:${i + 1}:${slot}`, kind: 'digest', conversation, payload }, slot);
  }
  await database.close();
  return url;
}

/** Kills the bot once `sent()` reaches a third of the chats, restarts it, waits for every chat. */
async function crashAndRecover(env: Record<string, string>, sent: () => number, everyChatServed: () => boolean): Promise<{ atKill: number }> {
  const dir = dirs.at(-1)!;
  const first = startBot(dir, env);
  bots.push(first);
  await waitUntil(() => sent() >= CHATS / 3 || first.child.exitCode !== null, 'a third of the fan-out', 60_000);
  if (first.child.exitCode !== null) throw new Error(`bot exited early: ${first.stderr()}`);
  first.child.kill('SIGKILL');
  await first.exited;
  const atKill = sent();
  expect(atKill).toBeLessThan(CHATS);
  const second = startBot(dir, env);
  bots.push(second);
  // The dead sender's lease lapses (15 s), then the new one resumes what was pending or in flight.
  await waitUntil(() => everyChatServed() || second.child.exitCode !== null, 'every chat to get its digest', 90_000);
  if (second.child.exitCode !== null) throw new Error(`restarted bot exited: ${second.stderr()}`);
  await new Promise((r) => setTimeout(r, 1500)); // anything still in flight lands now
  second.child.kill('SIGTERM');
  await second.exited;
  return { atKill };
}

describe('SIGKILL in the middle of a 300-chat fan-out', () => {
  it('Telegram: every chat gets its digest; repeats stay within the in-flight window', async () => {
    const fake = await FakeBotApi.start();
    try {
      const ids = Array.from({ length: CHATS }, (_, i) => -700000 - i);
      for (const id of ids) fake.addChat({ id, type: 'group', title: `g${id}` });
      const url = await storeWithFanOut(ids.map((id) => `telegram:${id}`));
      const digests = (): typeof fake.sent => fake.sent.filter((m) => m.text.includes('Headline for chat'));
      const { atKill } = await crashAndRecover(
        { STORE_URL: url, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url },
        () => digests().length,
        () => new Set(digests().map((m) => m.chatId)).size === CHATS,
      );
      const perChat = new Map<number, number>();
      for (const m of digests()) perChat.set(m.chatId, (perChat.get(m.chatId) ?? 0) + 1);
      const duplicates = digests().length - CHATS;
      process.stderr.write(`telegram crash test: ${atKill} sent before SIGKILL, ${duplicates} duplicate(s) after restart (window ${IN_FLIGHT_WINDOW})\n`);
      expect([...perChat.keys()].sort()).toEqual([...ids].sort());
      expect(duplicates).toBeLessThanOrEqual(IN_FLIGHT_WINDOW);
      expect(fake.htmlErrors).toEqual([]);
    } finally {
      await fake.close();
    }
  }, 180_000);

  it('Discord: every channel gets its digest exactly once (nonce + enforce_nonce)', async () => {
    const fake = await FakeDiscord.start({ token: TEST_TOKEN });
    try {
      const channels = Array.from({ length: CHATS }, () => snowflake());
      for (const c of channels) fake.channels.add(c);
      const url = await storeWithFanOut(channels.map((c) => `discord:${c}`));
      const digests = (): Array<{ channelId: string }> =>
        [...fake.messages.values()].filter((m) => !m.deleted && viewMessage(m.body).text.includes('Headline for chat'));
      const { atKill } = await crashAndRecover(
        { STORE_URL: url, DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: fake.apiUrl },
        () => digests().length,
        () => new Set(digests().map((m) => m.channelId)).size === CHATS,
      );
      process.stderr.write(`discord crash test: ${atKill} posted before SIGKILL, ${digests().length - CHATS} duplicate(s) after restart\n`);
      expect(digests()).toHaveLength(CHATS);
      expect(new Set(digests().map((m) => m.channelId)).size).toBe(CHATS);
    } finally {
      await fake.close();
    }
  }, 180_000);
});
