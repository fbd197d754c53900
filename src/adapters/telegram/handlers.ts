/**
 * Update handling: a command message → core.handleText → reply in the same chat (threaded under
 * the command); a page button → core.dispatch → the message edited in place. Every callback query
 * is answered, and no failure escapes to telegraf (it would stop polling).
 */
import { parseCommandLine } from '../../core/args.js';
import type { Actor } from '../../core/command.js';
import { formatConversation, type ConversationRef } from '../../core/conversation.js';
import type { BotCore } from '../../core/dispatch.js';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../../core/reply.js';
import type { BotApi } from './api.js';
import { isNotModified, toPlatformError } from './errors.js';
import { NOOP_DATA, type PageCodec } from './pagination.js';
import { commandLine, readUpdate, type IncomingCallback, type IncomingMessage } from './parse.js';
import type { ModeratorCheck } from './permissions.js';
import { renderReply } from './render.js';
import type { ReplySender, SendOutcome } from './sender.js';

/** What the handlers need. */
export interface HandlerDeps<S> {
  core: BotCore<S>;
  api: BotApi;
  sender: ReplySender;
  pages: PageCodec;
  moderators: ModeratorCheck;
  logger: Logger;
  /** The bot's @username, known after getMe. */
  botUsername: () => string | undefined;
  /** Longest 429 wait an interactive reply sits out before giving up (ms). */
  maxRateLimitWaitMs?: number;
}

function conversationOf(chatId: number, threadId?: number): ConversationRef {
  return formatConversation({ platform: 'telegram', id: String(chatId), ...(threadId ? { threadId: String(threadId) } : {}) });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Builds the function telegraf calls for every update. */
export function createUpdateHandler<S>(deps: HandlerDeps<S>): (raw: unknown) => Promise<void> {
  const { core, logger } = deps;
  const maxWait = deps.maxRateLimitWaitMs ?? 5_000;

  async function sendWithOneRetry(chatId: number, reply: Reply, replyTo: number, threadId?: number): Promise<SendOutcome> {
    const to = conversationOf(chatId, threadId);
    let out = await deps.sender.send(to, reply, { replyTo });
    // A user is waiting: sit out one short rate limit (only when nothing was sent yet), then report.
    if (!out.ok && out.error.kind === 'rate-limited' && out.sentCount === 0 && (out.error.details.retryAfterMs ?? Infinity) <= maxWait) {
      await sleep(out.error.details.retryAfterMs ?? 0);
      out = await deps.sender.send(to, reply, { replyTo });
    }
    return out;
  }

  async function onMessage(msg: IncomingMessage, logger: Logger): Promise<void> {
    if (msg.is_automatic_forward) return;
    let line = commandLine(msg);
    if (!line) return;
    // Telegram clients send /start when someone opens the bot: greet with /help unless /start exists.
    if (/^\/start(?:@\w+)?(?:\s|$)/i.test(line) && !core.find('start')) line = line.replace(/^\/start(@\w+)?.*$/is, '/help$1');
    const threadId = msg.is_topic_message ? msg.message_thread_id : undefined;
    const sender = { chat: msg.chat, userId: msg.from?.id, senderChatId: msg.sender_chat?.id };
    const actor: Actor = {
      platform: 'telegram',
      userId: String(msg.from?.id ?? msg.sender_chat?.id ?? msg.chat.id),
      isModerator: false,
    };
    const name = msg.from?.username ?? msg.from?.first_name;
    if (name) actor.displayName = name;
    const opts = { botUsername: deps.botUsername() };
    // Only lines really meant for this bot cost a getChatMember (cached) in groups.
    const parsed = parseCommandLine(line, opts);
    if (!parsed) return;
    // In groups, an unknown bare `/cmd` is probably another bot's: stay quiet unless addressed to us.
    if (msg.chat.type !== 'private' && !core.find(parsed.command) && !/^\/[\w-]+@/.test(line)) return;
    actor.isModerator = await deps.moderators.isModerator(sender);
    const reply = await core.handleText(line, actor, conversationOf(msg.chat.id, threadId), opts);
    if (!reply) return;
    logger.debug({ chatId: msg.chat.id, kind: reply.kind ?? 'answer' }, 'telegram: answering command');
    const out = await sendWithOneRetry(msg.chat.id, reply, msg.message_id, threadId);
    if (!out.ok) logger.warn({ chatId: msg.chat.id, kind: out.error.kind, err: out.error }, 'telegram: could not answer a command');
  }

  async function onCallback(cq: IncomingCallback, logger: Logger): Promise<void> {
    let answer: string | undefined;
    try {
      if (!cq.data || cq.data === NOOP_DATA || !cq.message) return;
      const req = await deps.pages.decode(cq.data);
      if (!req) {
        answer = 'This button has expired. Run the command again.';
        return;
      }
      const chat = cq.message.chat;
      // Like commands: only a forum topic is a thread; a reply thread's id in a plain group is not.
      const threadId = cq.message.is_topic_message ? cq.message.message_thread_id : undefined;
      const actor: Actor = {
        platform: 'telegram',
        userId: String(cq.from.id),
        isModerator: await deps.moderators.isModerator({ chat, userId: cq.from.id }),
      };
      const reply = await core.dispatch({ ...req, actor, conversation: conversationOf(chat.id, threadId) });
      if (reply.kind === 'error') {
        answer = [reply.title, reply.text].filter(Boolean).join(': ');
        return;
      }
      const html = renderReply(reply);
      if (html.length === 1) {
        try {
          await deps.api.editHtml(chat.id, cq.message.message_id, html[0]!, await deps.pages.keyboard(reply.pagination));
        } catch (err) {
          if (!isNotModified(toPlatformError(err))) throw err;
        }
      } else {
        const out = await deps.sender.send(conversationOf(chat.id, threadId), reply);
        if (!out.ok) throw out.error;
      }
    } catch (err) {
      logger.warn({ err: toPlatformError(err) }, 'telegram: page button failed');
      answer = 'Sorry, that did not work. Please try again.';
    } finally {
      await deps.api.answerCallback(cq.id, answer).catch((err: unknown) => logger.warn({ err }, 'telegram: answerCallbackQuery failed'));
    }
  }

  return async (raw) => {
    const update = readUpdate(raw);
    // Every line logged for this update carries its update_id.
    const updateId = raw !== null && typeof raw === 'object' && 'update_id' in raw ? raw.update_id : undefined;
    const log = logger.child?.({ updateId }) ?? logger;
    try {
      if (update.kind === 'message') await onMessage(update.message, log);
      else if (update.kind === 'callback') await onCallback(update.callback, log);
    } catch (err) {
      log.error({ err }, 'telegram: update handling failed');
    }
  };
}
