/**
 * Runs the real Telegram adapter (real telegraf client) against the fake Bot API: starts both,
 * injects a message or a button press, waits until the bot has handled the update (it confirms
 * updates before handling them, so the adapter's onHandled hook is what tells), and returns what
 * it sent.
 */
import { startTelegram, type StartTelegramOptions, type TelegramAdapter } from '../../src/adapters/telegram/index.js';
import type { BotCore } from '../../src/core/dispatch.js';
import { silentLogger, type Logger } from '../../src/core/logger.js';
import { FakeBotApi, type FakeChat, type FakeUser, type SentMessage } from './telegram-bot-api.js';
import { HandledWaiter } from './handled-waiter.js';

/** Well-known actors and chats every harness sets up. */
export const ALICE: FakeUser = { id: 1001, first_name: 'Alice', username: 'alice' };
export const BOB_ADMIN: FakeUser = { id: 1002, first_name: 'Bob', username: 'bob_admin' };
export const CAROL_OWNER: FakeUser = { id: 1003, first_name: 'Carol' };
export const PRIVATE_CHAT: FakeChat = { id: 1001, type: 'private' };
export const GROUP: FakeChat = { id: -4001, type: 'group', title: 'China <b>chain</b> watchers' };
export const SUPERGROUP: FakeChat = { id: -1004002, type: 'supergroup', title: 'CBDC & co' };
export const CHANNEL: FakeChat = { id: -1004003, type: 'channel', title: 'chainbrief news' };

export interface TelegramHarness {
  fake: FakeBotApi;
  adapter: TelegramAdapter;
  /** Sends a text message and resolves with every message the bot sent in answer. */
  say(text: string, opts?: { chat?: FakeChat; from?: FakeUser; senderChat?: FakeChat; threadId?: number }): Promise<SentMessage[]>;
  /** Presses a button; resolves with new messages and the callback answer text. */
  press(msg: SentMessage, label: RegExp | string, from?: FakeUser): Promise<{ sent: SentMessage[]; answered: boolean; answer?: string | undefined }>;
  /** Resolves once the adapter has handled update `id` (including ignoring it). */
  handled(id: number): Promise<void>;
  close(): Promise<void>;
}

export interface TelegramHarnessOptions<S> {
  core: BotCore<S>;
  logger?: Logger;
  webhook?: boolean;
  store?: StartTelegramOptions<S>['store'];
  /** Runs against the fake before the adapter starts (inject failures, extra chats, limits off). */
  prepare?: (fake: FakeBotApi) => void;
  tuning?: StartTelegramOptions<S>['tuning'];
  pacer?: StartTelegramOptions<S>['pacer'];
  clock?: StartTelegramOptions<S>['clock'];
}

/** Starts the fake and the adapter connected to it, with the standard chats and members. */
export async function startTelegramHarness<S>(opts: TelegramHarnessOptions<S>): Promise<TelegramHarness> {
  const fake = await FakeBotApi.start();
  for (const chat of [PRIVATE_CHAT, GROUP, SUPERGROUP, CHANNEL]) fake.addChat({ ...chat });
  for (const chat of [GROUP, SUPERGROUP]) {
    fake.setMember(chat.id, BOB_ADMIN.id, 'administrator');
    fake.setMember(chat.id, CAROL_OWNER.id, 'creator');
  }
  opts.prepare?.(fake);
  const waiter = new HandledWaiter<number>();
  const whenHandled = (id: number): Promise<void> => waiter.wait(id, `update ${id}`);
  const adapter = await startTelegram({
    config: {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_WEBHOOK_URL: opts.webhook ? 'http://127.0.0.1:0/telegram/hook' : undefined,
      TELEGRAM_WEBHOOK_SECRET: opts.webhook ? 'test-secret_123' : undefined,
      TELEGRAM_WEBHOOK_PORT: 0,
    },
    core: opts.core,
    logger: opts.logger ?? silentLogger,
    webhookHost: '127.0.0.1',
    ...(opts.store ? { store: opts.store } : {}),
    ...(opts.pacer ? { pacer: opts.pacer } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    tuning: {
      ...opts.tuning,
      onHandled: (id) => {
        waiter.handled(id);
        opts.tuning?.onHandled?.(id);
      },
    },
  });
  if (opts.webhook && fake.webhook) {
    // The adapter listens on an ephemeral port: point the fake's webhook at it.
    fake.webhook.url = `http://127.0.0.1:${adapter.webhookPort}/telegram/hook`;
  }
  return {
    fake,
    adapter,
    async say(text, o = {}) {
      const mark = fake.sent.length;
      const id = fake.injectText({ chat: o.chat ?? PRIVATE_CHAT, text, ...(o.from || !o.senderChat ? { from: o.from ?? ALICE } : {}), ...(o.senderChat ? { senderChat: o.senderChat } : {}), ...(o.threadId ? { threadId: o.threadId } : {}) });
      await fake.processed(id);
      await whenHandled(id);
      return fake.sent.slice(mark);
    },
    async press(msg, label, from = ALICE) {
      const mark = fake.sent.length;
      const { updateId, callbackId } = fake.pressButton(msg, label, from);
      await fake.processed(updateId);
      await whenHandled(updateId);
      return { sent: fake.sent.slice(mark), answered: fake.answeredCallbacks.has(callbackId), answer: fake.answeredCallbacks.get(callbackId) };
    },
    handled: whenHandled,
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}

/** Everything a user sees in a list of messages, as plain text. */
export function visibleText(messages: SentMessage[]): string {
  return messages.map((m) => m.text).join('\n\n');
}

/** Waits until `cond()` holds (checked every 20 ms); rejects after `ms` with `what` in the message. */
export async function waitUntil(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
