/**
 * One push fanned out to 600 Telegram groups and 600 Discord channels through the real adapters
 * (telegraf, discord.js) and the fakes enforcing the platforms' limits: achieved rate against the
 * limit, 429s received, lost and duplicate messages. A `retry` outcome is delivered again after its
 * `afterMs`, as the outbox sender would.
 */
import { createContractCore } from '../test/contract/adapter-contract.js';
import { startTelegramHarness } from '../test/fakes/telegram-harness.js';
import { startHarness } from '../test/fakes/discord-harness.js';
import { snowflake } from '../test/fakes/discord-server.js';
import type { ConversationRef } from '../src/core/conversation.js';
import type { PushPort } from '../src/core/push.js';

/** Figures of one fan-out. */
export interface FanoutResult {
  platform: string;
  targets: number;
  limitPerSecond: number;
  seconds: number;
  /** Messages per second ((targets − 1) / seconds) as a fraction of the limit. */
  rateFraction: number;
  rateLimited: number;
  lost: number;
  duplicates: number;
}

async function fanOut(port: PushPort, targets: ConversationRef[]): Promise<{ seconds: number; retries: number }> {
  const started = performance.now();
  let retries = 0;
  await Promise.all(
    targets.map(async (to) => {
      for (let attempt = 0; attempt < 10; attempt++) {
        const out = await port.deliver(to, { title: 'Digest', text: 'Three new developments on the e-CNY.', asOf: '2026-12-03' }, { key: `bench:${to}` });
        if (out.status === 'sent') return;
        if (out.status !== 'retry') throw new Error(`${to}: ${out.status}`);
        retries++;
        await new Promise((r) => setTimeout(r, out.afterMs));
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, retries };
}

function counts(perTarget: number[]): { lost: number; duplicates: number } {
  return { lost: perTarget.filter((n) => n === 0).length, duplicates: perTarget.reduce((s, n) => s + Math.max(0, n - 1), 0) };
}

/** Runs both fan-outs with `targets` destinations each. */
export async function benchFanout(targets = 600): Promise<FanoutResult[]> {
  const core = await createContractCore();
  const results: FanoutResult[] = [];

  const tg = await startTelegramHarness({ core });
  const groups = Array.from({ length: targets }, (_, i) => -5_000_000 - i);
  for (const id of groups) tg.fake.addChat({ id, type: 'group', title: `g${id}` });
  const t = await fanOut(tg.adapter.push, groups.map((id) => `telegram:${id}` as const));
  results.push({
    platform: 'telegram',
    targets,
    limitPerSecond: 30,
    seconds: t.seconds,
    rateFraction: (targets - 1) / t.seconds / 30,
    rateLimited: tg.fake.floodRejections,
    ...counts(groups.map((id) => tg.fake.sentTo(id).length)),
  });
  await tg.close();

  const dc = await startHarness({ core });
  const channels = Array.from({ length: targets }, () => snowflake());
  for (const id of channels) dc.fake.channels.add(id);
  const before = dc.fake.globalRejections;
  const d = await fanOut(dc.adapter.push, channels.map((id) => `discord:${id}` as const));
  results.push({
    platform: 'discord',
    targets,
    limitPerSecond: 50,
    seconds: d.seconds,
    rateFraction: (targets - 1) / d.seconds / 50,
    rateLimited: dc.fake.globalRejections - before,
    ...counts(channels.map((id) => dc.fake.visibleMessages(id).length)),
  });
  await dc.close();
  return results;
}
