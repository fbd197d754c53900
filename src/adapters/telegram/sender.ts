/**
 * Posts a Reply to a Telegram chat: renders it, attaches page buttons to the last message, follows
 * group → supergroup migrations (the new id is stored and the message re-sent) and reports every
 * other failure as a PlatformError kind for the caller to act on. It never retries by itself.
 */
import { formatConversation, parseConversation, type ConversationRef } from '../../core/conversation.js';
import type { PlatformError } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import type { BotApi } from './api.js';
import { toPlatformError } from './errors.js';
import type { CursorStore, PageCodec } from './pagination.js';
import { renderReply } from './render.js';

/** The result of one delivery, as data rather than an exception. */
export type SendOutcome =
  | { ok: true; conversation: ConversationRef; messageIds: number[]; migratedFrom?: ConversationRef }
  | { ok: false; conversation: ConversationRef; error: PlatformError; sentCount: number };

/** Where a send goes: a ConversationRef (`telegram:-100…`, optionally `/threadId`) or a raw chat id. */
export type ChatTarget = ConversationRef | string | number;

function target(t: ChatTarget): { chatId: string; threadId?: number } {
  if (typeof t === 'number') return { chatId: String(t) };
  if (/^-?\d+$/.test(t)) return { chatId: t };
  const parts = parseConversation(t);
  if (parts.platform !== 'telegram') throw new Error(`not a Telegram conversation: ${t}`);
  return parts.threadId ? { chatId: parts.id, threadId: Number(parts.threadId) } : { chatId: parts.id };
}

/** Remembers which chats migrated to which supergroup ids. */
export class ChatMigrations {
  constructor(private readonly store: CursorStore) {}

  async resolve(chatId: string): Promise<string> {
    const v = await this.store.get(`migrated:${chatId}`);
    return typeof v === 'string' && /^-?\d+$/.test(v) ? v : chatId;
  }

  async record(from: string, to: string): Promise<void> {
    await this.store.set(`migrated:${from}`, to);
  }
}

/** Sends rendered replies through the Bot API. */
export class ReplySender {
  constructor(
    private readonly api: BotApi,
    private readonly pages: PageCodec,
    private readonly migrations: ChatMigrations,
  ) {}

  /** Sends `reply` to `to`; `replyTo` threads it under the user's command message. */
  async send(to: ChatTarget, reply: Reply, opts: { replyTo?: number } = {}): Promise<SendOutcome> {
    const { chatId: original, threadId } = target(to);
    let chatId = await this.migrations.resolve(original);
    const ref = (): ConversationRef =>
      formatConversation({ platform: 'telegram', id: chatId, ...(threadId ? { threadId: String(threadId) } : {}) });
    const firstRef = formatConversation({ platform: 'telegram', id: original });
    const messages = renderReply(reply);
    const keyboard = await this.pages.keyboard(reply.pagination);
    const ids: number[] = [];
    for (let i = 0; i < messages.length; i++) {
      const opts2 = { keyboard: i === messages.length - 1 ? keyboard : undefined, replyTo: i === 0 ? opts.replyTo : undefined, threadId };
      try {
        ids.push((await this.api.sendHtml(chatId, messages[i]!, opts2)).messageId);
      } catch (err) {
        const e = toPlatformError(err);
        const newRef = e.kind === 'migrated' ? e.details.newConversationId : undefined;
        if (!newRef) return { ok: false, conversation: ref(), error: e, sentCount: ids.length };
        const newId = parseConversation(newRef).id;
        await this.migrations.record(chatId, newId);
        chatId = newId;
        try {
          // The old message id does not exist in the new chat: send without the reply link.
          ids.push((await this.api.sendHtml(chatId, messages[i]!, { ...opts2, replyTo: undefined })).messageId);
        } catch (err2) {
          return { ok: false, conversation: ref(), error: toPlatformError(err2), sentCount: ids.length };
        }
      }
    }
    const out: SendOutcome = { ok: true, conversation: ref(), messageIds: ids };
    if (chatId !== original) out.migratedFrom = firstRef;
    return out;
  }
}
