/**
 * Fan-out benchmark: one digest slot pushed to 600 Telegram groups through the fake Bot API
 * (enforcing 30 msg/s, 1/s per chat, 20/min per group) and to 600 Discord channels through the
 * fake enforcing 50 requests/s, by the real outbox sender and adapters. Figures: achieved rate as
 * a fraction of the limit, 429s received, lost and duplicate messages; and the resident memory
 * of the bot process (src/main.ts) with 10,000 digests and 10,000 alert subscriptions.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.js';
import type { PushPort } from '../src/core/push.js';
import { Outbox } from '../src/delivery/outbox.js';
import { OutboxSender } from '../src/delivery/sender.js';
import { AlertRepository } from '../src/digest/alert-repository.js';
import { DigestRepository } from '../src/digest/digest-repository.js';
import { metrics } from '../src/ops/metrics.js';
import { openDatabase, type Database } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { startHarness } from '../test/fakes/discord-harness.js';
import { snowflake } from '../test/fakes/discord-server.js';
import { FakeBotApi } from '../test/fakes/telegram-bot-api.js';
import { viewMessage } from '../test/fakes/discord-view.js';
import { startTelegramHarness, waitUntil } from '../test/fakes/telegram-harness.js';
import { startBot } from '../test/helpers/bot-process.js';

const FANOUT = 600;
const TELEGRAM_LIMIT = 30;
const DISCORD_LIMIT = 50;

/** Flat figures, printed by `npm run bench`. */
export type FanoutFigures = Record<'fanout.telegram.ratio' | 'fanout.discord.ratio' | 'fanout.lost' | 'fanout.duplicates' | 'fanout.rateLimited' | 'memory.subs10kMb', number>;

async function freshStore(): Promise<{ database: Database; url: string; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chainbrief-fanout-'));
  const url = `sqlite://${path.join(dir, 'store.sqlite')}`;
  const database = await openDatabase(url);
  await migrateToLatest(database);
  return { database, url, dir };
}

async function rateLimitedTotal(): Promise<number> {
  return (await metrics.rateLimited.get()).values.reduce((n, v) => n + v.value, 0);
}

/** Enqueues one slot for every conversation and times the sender until all are sent. */
async function fanOut(database: Database, port: PushPort, conversations: string[], delivered: () => string[]): Promise<{ seconds: number; lost: number; duplicates: number }> {
  const outbox = new Outbox(database.db, database.dialect);
  const slot = Date.now();
  for (const [i, c] of conversations.entries()) {
    await outbox.enqueue({ key: `digest:${i}:${slot}`, kind: 'digest', conversation: c, payload: { title: 'Digest — 1 new story', sections: [{ items: [{ text: `Headline ${i}` }] }] } }, slot);
  }
  const sender = new OutboxSender({ outbox, port, control: { pause: async () => {}, move: async () => {}, digestOutcome: async () => {} }, ...(process.env.FANOUT_CONCURRENCY ? { concurrency: Number(process.env.FANOUT_CONCURRENCY) } : {}) });
  const started = performance.now();
  sender.start();
  await waitUntil(() => new Set(delivered()).size >= conversations.length, 'the fan-out', 120_000).catch(() => undefined);
  const seconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  await sender.stop(5000);
  const got = delivered();
  const distinct = new Set(got);
  return { seconds, lost: conversations.filter((c) => !distinct.has(c)).length, duplicates: got.length - distinct.size };
}

/** One platform's fake and adapter, with `FANOUT` targets made and a view of what they received. */
interface FanoutTarget {
  push: PushPort;
  conversations: string[];
  delivered(): string[];
  close(): Promise<void>;
}

async function platformFanout(limit: number, start: (core: Awaited<ReturnType<typeof createApp>>['core']) => Promise<FanoutTarget>): Promise<{ ratio: number; lost: number; duplicates: number }> {
  const store = await freshStore();
  const { core } = await createApp();
  const target = await start(core);
  try {
    const r = await fanOut(store.database, target.push, target.conversations, () => target.delivered());
    return { ratio: FANOUT / r.seconds / limit, lost: r.lost, duplicates: r.duplicates };
  } finally {
    await target.close();
    await store.database.close();
    await rm(store.dir, { recursive: true, force: true });
  }
}

const telegramFanout = () =>
  platformFanout(TELEGRAM_LIMIT, async (core) => {
    const h = await startTelegramHarness({ core });
    const ids = Array.from({ length: FANOUT }, (_, i) => -900000 - i);
    for (const id of ids) h.fake.addChat({ id, type: 'group', title: `g${id}` });
    return {
      push: h.adapter.push,
      conversations: ids.map((id) => `telegram:${id}`),
      delivered: () => h.fake.sent.filter((m) => m.text.includes('Headline')).map((m) => `telegram:${m.chatId}`),
      close: () => h.close(),
    };
  });

const discordFanout = () =>
  platformFanout(DISCORD_LIMIT, async (core) => {
    const h = await startHarness({ core });
    const channels = Array.from({ length: FANOUT }, () => snowflake());
    for (const c of channels) h.fake.channels.add(c);
    return {
      push: h.adapter.push,
      conversations: channels.map((c) => `discord:${c}`),
      delivered: () => [...h.fake.messages.values()].filter((m) => !m.deleted && viewMessage(m.body).text.includes('Headline')).map((m) => `discord:${m.channelId}`),
      close: () => h.close(),
    };
  });

/** A process and all its descendants (Linux /proc). */
function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    children = [];
  }
  return [pid, ...children.flatMap(processTree)];
}

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** RSS of the bot process (console mode would need stdin, so Telegram against its fake) with 10k digests and 10k subscriptions. */
async function botMemory(rows: number): Promise<number> {
  const store = await freshStore();
  const digests = new DigestRepository(store.database.db);
  const alerts = new AlertRepository(store.database.db);
  const now = Date.now();
  for (let i = 0; i < rows; i++) {
    await digests.set(`telegram:-${1_000_000 + i}`, 'telegram', { schedule: 'daily 09:00', timezone: 'Asia/Shanghai', topics: ['cbdc'], maxItems: 10, nextSlotAt: now + 86_400_000, createdBy: 'bench' }, now);
    await alerts.subscribe(`telegram:${2_000_000 + i}`, 'words', `term ${i}`, `term ${i}`, now);
  }
  await store.database.close();
  const fake = await FakeBotApi.start();
  // The compiled bot, as `npm start` runs it (tsx alone adds tens of MB of compiler state).
  if (!existsSync('dist/src/main.js')) {
    const b = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
    if (b.status !== 0) throw new Error('npm run build failed');
  }
  const bot = startBot(store.dir, { STORE_URL: store.url, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url }, { compiled: true });
  try {
    await waitUntil(() => fake.callsOf('getUpdates').length > 0 || bot.child.exitCode !== null, 'the bot to start', 30_000);
    await new Promise((r) => setTimeout(r, 8000)); // several ticks and matcher passes
    // The bot's RSS is the largest in the process tree.
    return Math.max(...processTree(bot.child.pid!).map(rssKb)) / 1024;
  } finally {
    bot.child.kill('SIGTERM');
    await bot.exited;
    await fake.close();
    await rm(store.dir, { recursive: true, force: true });
  }
}

/** Runs every fan-out measurement and returns the flat figures. */
export async function benchFanout(): Promise<FanoutFigures> {
  const limitedBefore = await rateLimitedTotal();
  const tg = await telegramFanout();
  const dc = await discordFanout();
  const rateLimited = (await rateLimitedTotal()) - limitedBefore;
  const baseline = await botMemory(0);
  const memory = await botMemory(10_000);
  const figures: FanoutFigures = {
    'fanout.telegram.ratio': Number(tg.ratio.toFixed(3)),
    'fanout.discord.ratio': Number(dc.ratio.toFixed(3)),
    'fanout.lost': tg.lost + dc.lost,
    'fanout.duplicates': tg.duplicates + dc.duplicates,
    'fanout.rateLimited': rateLimited,
    'memory.subs10kMb': Number(memory.toFixed(1)),
  };
  console.log(`fan-out benchmark — one slot to ${FANOUT} Telegram groups (fake enforcing ${TELEGRAM_LIMIT}/s) and ${FANOUT} Discord channels (fake enforcing ${DISCORD_LIMIT}/s)`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(24)} ${v}`);
  console.log(`  (bot RSS with no digests or subscriptions: ${baseline.toFixed(1)} MB, compiled bot)`);
  console.log('  targets: ratios ≥ 0.95, 0 rate-limited, 0 lost, 0 duplicates, memory < 150 MB');
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchFanout().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
