/**
 * Several processes on one PostgreSQL: two bot processes (src/main.ts) tick the same digests and
 * both run a Telegram sender. Each slot is enqueued once (unique key), one sender holds the
 * platform lease, and every chat gets its digest exactly once — after its slot, never before.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DigestRepository } from '../../src/digest/digest-repository.js';
import { SqlStoryRepository } from '../../src/news/sql-story-repository.js';
import { FakeBotApi } from '../fakes/telegram-bot-api.js';
import { waitUntil } from '../fakes/telegram-harness.js';
import { startBot, type BotProcess } from '../helpers/bot-process.js';
import { freshPostgres, postgresEnabled, type TestDatabase } from '../helpers/databases.js';

const CHATS = 40;
const bots: BotProcess[] = [];
let db: TestDatabase | undefined;
let dir: string | undefined;

afterAll(async () => {
  for (const b of bots) if (b.child.exitCode === null) b.child.kill('SIGKILL');
  await Promise.all(bots.map((b) => b.exited));
  await db?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

if (!postgresEnabled()) process.stderr.write('two-process delivery test skipped: set TEST_POSTGRES_URL to run it\n');

describe.runIf(postgresEnabled())('two bot processes on one PostgreSQL', () => {
  it('deliver each digest slot once, after the slot', async () => {
    const fake = await FakeBotApi.start();
    try {
      db = await freshPostgres();
      dir = await mkdtemp(path.join(tmpdir(), 'chainbrief-two-'));
      const ids = Array.from({ length: CHATS }, (_, i) => -800000 - i);
      for (const id of ids) fake.addChat({ id, type: 'group', title: `g${id}` });
      const now = Date.now();
      const stories = new SqlStoryRepository(db.database);
      const published = new Date(now - 3_600_000).toISOString();
      await stories.write((w) =>
        w.save({
          created: [
            {
              id: 'st-1',
              title: 'Two-process digest headline',
              url: 'https://news.example/1',
              canonicalUrl: 'https://news.example/1',
              summary: '',
              publishedAt: published,
              firstSeenAt: published,
              sources: [{ sourceId: 'local', url: 'https://news.example/1', title: 'Two-process digest headline', publishedAt: published }],
              topics: [{ topic: 'cbdc', score: 2 }],
              announce: true,
              firstPass: false,
            },
          ],
          outlets: [],
          urls: [],
          guids: [],
          sourceId: 'local',
        }),
      );
      // The slot comes once both processes are up and ticking.
      const slot = now + 20_000;
      const digests = new DigestRepository(db.database.db);
      for (const id of ids) {
        await digests.set(`telegram:${id}`, 'telegram', { schedule: 'daily 09:00', timezone: 'UTC', topics: [], maxItems: 10, nextSlotAt: slot, createdBy: 'test' }, now);
      }
      const env = { STORE_URL: db.url, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, DIGEST_TICK_SECONDS: '2' };
      bots.push(startBot(dir, env), startBot(dir, env));
      const got = (): typeof fake.sent => fake.sent.filter((m) => m.text.includes('Two-process digest headline'));
      await waitUntil(() => Date.now() >= slot - 500 || bots.some((b) => b.child.exitCode !== null), 'the slot', 30_000);
      expect(bots.map((b) => b.child.exitCode)).toEqual([null, null]);
      expect(got()).toHaveLength(0);
      await waitUntil(() => new Set(got().map((m) => m.chatId)).size === CHATS, 'every chat to get its digest', 30_000);
      expect(Date.now() - slot).toBeLessThan(30_000);
      await new Promise((r) => setTimeout(r, 3000));
      expect(got()).toHaveLength(CHATS);
      for (const b of bots) b.child.kill('SIGTERM');
      expect(await Promise.all(bots.map((b) => b.exited))).toEqual([0, 0]);
    } finally {
      await fake.close();
    }
  }, 120_000);
});
