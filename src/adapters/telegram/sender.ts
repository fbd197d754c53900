/**
 * The one way messages leave the Telegram adapter: command replies (priority `reply`) and pushes
 * (the PushPort, priority `push`) are rendered, paced and sent part by part here, and every outcome
 * is data. Nothing here sleeps or retries; a 429 delays the chat in the pacer and comes back as
 * `retry`. Telegram has no idempotency key: a part whose send was in flight when the process died
 * may be sent again on resume (at most one message per delivery in flight).
 */
import { formatConversation, parseConversation, type ConversationRef } from '../../core/conversation.js';
import type { DeliveryOutcome, Pacer, PushPort } from '../../core/push.js';
import type { Reply } from '../../core/reply.js';
import type { Clock } from '../../core/command.js';
import { sendParts, sharedFailure, type PartFailure } from '../push-outcome.js';
import type { PageCursorStore } from '../page-cursors.js';
import type { BotApi } from './api.js';
import { toPlatformError } from './errors.js';
import type { PageCodec, PageOwner } from './pagination.js';
import { renderReply } from './render.js';

/** The chat (and forum topic) a ConversationRef stands for; undefined when it is not Telegram's. */
export function telegramTarget(conversation: ConversationRef): { chatId: string; threadId?: number } | undefined {
  const parts = parseConversation(conversation);
  if (parts.platform !== 'telegram' || !/^-?\d{1,20}$/.test(parts.id)) return undefined;
  const threadId = parts.threadId && /^\d{1,12}$/.test(parts.threadId) ? Number(parts.threadId) : undefined;
  return threadId ? { chatId: parts.id, threadId } : { chatId: parts.id };
}

/** Remembers which chats migrated to which supergroup ids, so late sends to an old id still arrive. */
export class ChatMigrations {
  constructor(private readonly store: PageCursorStore) {}

  async resolve(chatId: string): Promise<string> {
    const v = await this.store.get(`migrated:${chatId}`);
    return typeof v === 'string' && /^-?\d+$/.test(v) ? v : chatId;
  }

  async record(from: string, to: string): Promise<void> {
    await this.store.set(`migrated:${from}`, to);
  }
}

/** Maps a failed send to an outcome (403 blocked/kicked, 400 chat not found, migrate_to_chat_id, …). */
export function telegramFailure(err: unknown): PartFailure {
  const e = toPlatformError(err);
  const shared = sharedFailure(e);
  if (shared) return shared;
  if (e.kind === 'migrated' && e.details.newConversationId) return { status: 'moved', to: e.details.newConversationId as ConversationRef };
  // A bad token is the bot's problem, not the chat's: retry (the sender bounds attempts) rather than pause.
  if (e.details.status === 401) return { status: 'retry', afterMs: 60_000, reason: e.message, rateLimited: false };
  if (e.kind === 'forbidden') {
    if (/blocked/i.test(e.message)) return { status: 'paused', reason: 'blocked', detail: e.message };
    if (/kicked|not a member|removed|deactivated/i.test(e.message)) return { status: 'paused', reason: 'kicked', detail: e.message };
    if (/rights|administrator|write/i.test(e.message)) return { status: 'paused', reason: 'missing-permissions', detail: e.message };
    return { status: 'paused', reason: 'forbidden', detail: e.message };
  }
  if (e.kind === 'not-found') return { status: 'paused', reason: 'not-found', detail: e.message };
  if (/not enough rights|CHAT_WRITE_FORBIDDEN|TOPIC_CLOSED/i.test(e.message)) return { status: 'paused', reason: 'missing-permissions', detail: e.message };
  return { status: 'dead', reason: e.message };
}

/** How one reply is sent. */
export interface OutputOptions {
  priority: 'reply' | 'push';
  /** Parts accepted by an earlier attempt (default 0). */
  fromPart?: number;
  /** Thread the first part under the user's command message. */
  replyTo?: number;
  /** Who may press the page buttons (default: the conversation itself, i.e. anyone there). */
  owner?: PageOwner;
}

/** Sends rendered replies through the Bot API, paced. */
export class TelegramOutput {
  constructor(
    private readonly deps: { api: BotApi; pages: PageCodec; migrations: ChatMigrations; clock: Clock; pacer?: Pacer | undefined },
  ) {}

  /** Sends `reply` to `conversation` from part `fromPart` on; the outcome says what happened. */
  async send(conversation: ConversationRef, reply: Reply, opts: OutputOptions): Promise<DeliveryOutcome> {
    const fromPart = opts.fromPart ?? 0;
    const target = telegramTarget(conversation);
    if (!target) return { status: 'dead', reason: `not a Telegram chat: ${JSON.stringify(conversation.slice(0, 60))}`, sentParts: fromPart };
    const original = target.chatId;
    const { api, pages, migrations, pacer } = this.deps;
    const chatId = await migrations.resolve(original);
    const messages = renderReply(reply);
    const keyboard = await pages.keyboard(reply.pagination, opts.owner ?? { issuedAt: this.deps.clock.now() });
    const out = await sendParts(
      messages,
      fromPart,
      async (html, i) => {
        await pacer?.take(conversation, opts.priority);
        try {
          const sent = await api.sendHtml(chatId, html, {
            keyboard: i === messages.length - 1 ? keyboard : undefined,
            replyTo: i === 0 ? opts.replyTo : undefined,
            threadId: chatId === original ? target.threadId : undefined,
          });
          return String(sent.messageId);
        } catch (err) {
          const e = toPlatformError(err);
          if (e.kind === 'rate-limited') pacer?.backOff(conversation, e.details.retryAfterMs ?? 1000);
          throw e;
        }
      },
      telegramFailure,
    );
    if (out.status === 'moved') await migrations.record(chatId, telegramTarget(out.to)?.chatId ?? chatId);
    return out;
  }
}

/** The Telegram PushPort (no idempotency key exists on Telegram: see the module comment). */
export function createTelegramPush(output: TelegramOutput): PushPort {
  return {
    platform: 'telegram',
    deliver: (conversation, reply, { fromPart = 0 }) => output.send(conversation, { ...reply, ephemeral: false }, { priority: 'push', fromPart }),
  };
}

/** The conversation of a chat (and forum topic). */
export function conversationOf(chatId: number | string, threadId?: number): ConversationRef {
  return formatConversation({ platform: 'telegram', id: String(chatId), ...(threadId ? { threadId: String(threadId) } : {}) });
}
