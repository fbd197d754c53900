/**
 * Replies and pushes share one pacer on Telegram, replies first: a /help typed during a fan-out is
 * answered ahead of the queued pushes, and the fake (enforcing Telegram's limits) loses nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractCore } from '../contract/adapter-contract.js';
import { ALICE, PRIVATE_CHAT, startTelegramHarness, visibleText, type TelegramHarness } from '../fakes/telegram-harness.js';

let h: TelegramHarness;

beforeAll(async () => {
  h = await startTelegramHarness({ core: await createContractCore() });
});
afterAll(async () => {
  await h?.close();
});

describe('telegram pacing: command replies before pushes', () => {
  it('answers /help ahead of a 90-chat fan-out queued before it, and every push arrives once', { timeout: 60_000 }, async () => {
    const chats = Array.from({ length: 90 }, (_, i) => 8_100_000 + i);
    for (const id of chats) h.fake.addChat({ id, type: 'private' });
    const fanOut = Promise.all(
      chats.map(async (id) => {
        for (;;) {
          const out = await h.adapter.push.deliver(`telegram:${id}`, { title: 'Alert', text: `story for ${id}` }, { key: `alert:${id}` });
          if (out.status === 'sent') return;
          if (out.status !== 'retry') throw new Error(`${id}: ${out.status}`);
          await new Promise((r) => setTimeout(r, out.afterMs));
        }
      }),
    );
    // Let the pushes queue up in the pacer first.
    await new Promise((r) => setTimeout(r, 200));
    await h.say('/help', { chat: PRIVATE_CHAT, from: ALICE });
    // (say() also returns pushes sent meanwhile: the answer is the message in the user's chat.)
    const help = h.fake.sentTo(PRIVATE_CHAT.id).slice(-1);
    const pushesBeforeHelp = h.fake.sent.filter((m) => m.chatId >= 8_100_000 && m.messageId < help[0]!.messageId).length;
    expect(visibleText(help)).toMatch(/\/city_rank/);
    await fanOut;
    // FIFO would have put /help behind about 84 pushes (90 minus the few sent in the first 200 ms).
    expect(pushesBeforeHelp).toBeLessThan(30);
    for (const id of chats) expect(h.fake.sentTo(id), String(id)).toHaveLength(1);
  });
});
