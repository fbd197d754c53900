/**
 * One slow command must not hold back anyone else: updates are handled concurrently (polling and
 * webhook), "typing…" shows while the slow one runs, a repeated update_id is answered once, and
 * the webhook answers Telegram at once instead of after the command.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { BotCore } from '../../src/core/dispatch.js';
import { commands } from '../../commands/index.js';
import { defineCommand, type Services } from '../../commands/services.js';
import { ALICE, BOB_ADMIN, GROUP, PRIVATE_CHAT, startTelegramHarness, visibleText, waitUntil, type TelegramHarness } from '../fakes/telegram-harness.js';

/** A command that answers only when the test opens its gate (think /ask waiting for a model). */
function slowCore(services: Services): { core: BotCore<Services>; open: () => void; started: () => number } {
  let release!: () => void;
  let gate = new Promise<void>((r) => (release = r));
  let started = 0;
  const slow = defineCommand({
    data: { name: 'slow', description: 'Waits for the test before answering', permission: 'everyone', options: [], examples: ['/slow'] },
    async execute() {
      started++;
      await gate;
      return { title: 'Slow answer', text: 'finally done' };
    },
  });
  const core = new BotCore<Services>({ commands: [...commands, slow], services });
  return {
    core,
    started: () => started,
    open() {
      release();
      gate = new Promise<void>((r) => (release = r));
    },
  };
}

describe.each([
  { mode: 'polling', webhook: false },
  { mode: 'webhook', webhook: true },
])('telegram concurrency ($mode)', ({ webhook }) => {
  let h: TelegramHarness;
  let slow: ReturnType<typeof slowCore>;

  beforeAll(async () => {
    const { services } = await createApp();
    slow = slowCore(services);
    h = await startTelegramHarness({ core: slow.core, webhook, tuning: { typingAfterMs: 1000 } });
  });
  afterAll(async () => {
    slow.open();
    await h?.close();
  });

  it('answers /help in another chat while a slow command is pending, showing typing for the slow one', async () => {
    const pending = h.say('/slow', { chat: PRIVATE_CHAT, from: ALICE });
    await waitUntil(() => slow.started() === 1, 'the slow command to start');
    const help = await h.say(`/help@${h.adapter.botUsername}`, { chat: GROUP, from: BOB_ADMIN });
    expect(visibleText(help)).toMatch(/\/city_rank/);
    expect(h.fake.sentTo(PRIVATE_CHAT.id)).toHaveLength(0);
    await waitUntil(() => h.fake.chatActions.some((a) => a.chatId === PRIVATE_CHAT.id && a.action === 'typing'), 'a typing action', 5000);
    // Only the slow chat shows typing; /help answered well within a second.
    expect(h.fake.chatActions.every((a) => a.chatId === PRIVATE_CHAT.id)).toBe(true);
    slow.open();
    const answer = await pending;
    expect(visibleText(answer)).toContain('finally done');
  });

  // Telegram re-sends an update when the webhook did not answer in time; polling offsets never repeat one.
  if (!webhook) return;
  it('answers the webhook request before the slow command has finished', async () => {
    const before = slow.started();
    const id = h.fake.injectText({ chat: PRIVATE_CHAT, from: ALICE, text: '/slow' });
    // processed() resolves when the webhook POST was answered: while the command still waits.
    await h.fake.processed(id);
    await waitUntil(() => slow.started() === before + 1, 'the slow command to start');
    expect(h.fake.sent.filter((m) => m.text.includes('finally done'))).toHaveLength(1);
    slow.open();
    await h.handled(id);
    expect(h.fake.sent.filter((m) => m.text.includes('finally done'))).toHaveLength(2);
  });

  it('answers a repeated update_id once', async () => {
    const updateId = 990_001;
    const update = {
      update_id: updateId,
      message: { message_id: 880_001, date: 0, chat: { id: PRIVATE_CHAT.id, type: 'private' }, from: { id: ALICE.id, is_bot: false, first_name: 'Alice' }, text: '/about', entities: [{ type: 'bot_command', offset: 0, length: 6 }] },
    };
    const url = `http://127.0.0.1:${h.adapter.webhookPort}/telegram/hook`;
    const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'test-secret_123' }, body: JSON.stringify(update) });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    await waitUntil(() => h.fake.sent.some((m) => m.replyTo === 880_001), 'the answer');
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.fake.sent.filter((m) => m.replyTo === 880_001)).toHaveLength(1);
  });
});
