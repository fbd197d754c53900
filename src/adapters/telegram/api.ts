/**
 * The few Bot API calls the adapter makes, behind a small interface. This is the one module that
 * calls telegraf's `Telegram` client; every failure leaves it as a PlatformError.
 */
import type { Telegram } from 'telegraf';
import type { InlineKeyboard } from './pagination.js';
import { toPlatformError } from './errors.js';
import { countRateLimited } from '../push-outcome.js';

/** A command menu entry (Bot API BotCommand). */
export interface MenuCommand {
  command: string;
  description: string;
}

/** Menu scopes we set. */
export type MenuScope = 'default' | 'all_chat_administrators';

/** Options for one outgoing message. */
export interface SendOptions {
  keyboard?: InlineKeyboard | undefined;
  /** Message to reply to (kept even if it was deleted meanwhile). */
  replyTo?: number | undefined;
  /** Forum topic to post into. */
  threadId?: number | undefined;
}

/** The Bot API surface the adapter needs. */
export interface BotApi {
  sendHtml(chatId: number | string, html: string, opts?: SendOptions): Promise<{ messageId: number }>;
  editHtml(chatId: number | string, messageId: number, html: string, keyboard?: InlineKeyboard): Promise<void>;
  answerCallback(id: string, text?: string): Promise<void>;
  /** Shows a chat action ("typing…") for about five seconds. */
  chatAction(chatId: number | string, action: 'typing', threadId?: number): Promise<void>;
  /** The member's status: creator, administrator, member, restricted, left or kicked. */
  memberStatus(chatId: number | string, userId: number): Promise<string>;
  setMenu(commands: MenuCommand[], scope: MenuScope): Promise<void>;
}

/** Maps a failed call to a PlatformError; every 429 answer is counted here, where it is received. */
async function mapped<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    const e = toPlatformError(err);
    if (e.kind === 'rate-limited') countRateLimited('telegram');
    throw e;
  }
}

/** The AbortSignal type telegraf's typings name (node-fetch accepts Node's own AbortSignal). */
type TelegrafSignal = NonNullable<NonNullable<Parameters<Telegram['callApi']>[2]>['signal']>;

/** How long a send may take before it is abandoned and reported as transient (default 30 s). */
export interface TelegrafApiOptions {
  sendTimeoutMs?: number;
}

/** Wraps a telegraf Telegram client. Messages go out as HTML with link previews off. */
export function telegrafApi(tg: Telegram, apiOpts: TelegrafApiOptions = {}): BotApi {
  const sendTimeoutMs = apiOpts.sendTimeoutMs ?? 30_000;
  return {
    async sendHtml(chatId, html, opts = {}) {
      // telegraf has no request timeout of its own: a hung send is aborted and reported as transient.
      const msg = await mapped(
        tg.callApi(
          'sendMessage',
          {
            chat_id: chatId,
            text: html,
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
            ...(opts.keyboard ? { reply_markup: opts.keyboard } : {}),
            ...(opts.replyTo ? { reply_parameters: { message_id: opts.replyTo, allow_sending_without_reply: true } } : {}),
            ...(opts.threadId ? { message_thread_id: opts.threadId } : {}),
          },
          { signal: AbortSignal.timeout(sendTimeoutMs) as unknown as TelegrafSignal },
        ),
      );
      return { messageId: msg.message_id };
    },
    async editHtml(chatId, messageId, html, keyboard) {
      await mapped(
        tg.editMessageText(chatId, messageId, undefined, html, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          ...(keyboard ? { reply_markup: keyboard } : {}),
        }),
      );
    },
    async answerCallback(id, text) {
      await mapped(tg.answerCbQuery(id, text?.slice(0, 200)));
    },
    async chatAction(chatId, action, threadId) {
      await mapped(tg.sendChatAction(chatId, action, threadId ? { message_thread_id: threadId } : {}));
    },
    async memberStatus(chatId, userId) {
      const member = await mapped(tg.getChatMember(chatId, userId));
      return member.status;
    },
    async setMenu(commands, scope) {
      await mapped(tg.setMyCommands(commands, { scope: { type: scope } }));
    },
  };
}
