/**
 * Update handling: a command message → core.handleText → reply in the same chat (threaded under
 * the command); a page button → core.dispatch → the message edited in place. Updates are handled
 * concurrently and detached from polling and the webhook answer, so one slow command never delays
 * another chat's /help; a repeated update_id is ignored; "typing…" shows while a command takes
 * longer than a second. Replies leave through TelegramOutput (paced, replies before pushes).
 * Every callback query is answered, and no failure escapes (it would stop polling).
 */
import { z } from 'zod';
import { parseCommandLine } from '../../core/args.js';
import type { Actor, Clock } from '../../core/command.js';
import type { ConversationRef } from '../../core/conversation.js';
import type { BotCore } from '../../core/dispatch.js';
import type { Logger } from '../../core/logger.js';
import type { DeliveryOutcome, Pacer } from '../../core/push.js';
import type { Reply } from '../../core/reply.js';
import { refusePress } from '../page-cursors.js';
import type { BotApi } from './api.js';
import { isNotModified, toPlatformError } from './errors.js';
import { NOOP_DATA, type PageCodec } from './pagination.js';
import { commandLine, readUpdate, type IncomingCallback, type IncomingMessage } from './parse.js';
import type { ModeratorCheck } from './permissions.js';
import { renderReply } from './render.js';
import { conversationOf, type OutputOptions, type TelegramOutput } from './sender.js';

/** What the handlers need. */
export interface HandlerDeps<S> {
  core: BotCore<S>;
  api: BotApi;
  output: TelegramOutput;
  pages: PageCodec;
  moderators: ModeratorCheck;
  logger: Logger;
  clock: Clock;
  pacer?: Pacer | undefined;
  /** The bot's @username, known after getMe. */
  botUsername: () => string | undefined;
  /** Longest 429 wait an interactive reply sits out before giving up (ms, default 5 s). */
  maxRateLimitWaitMs?: number;
  /** Show "typing…" once a command has taken this long (default 1 s), renewed every `typingEveryMs` (4.5 s). */
  typingAfterMs?: number;
  typingEveryMs?: number;
  /** Called once an update has been fully handled (tests wait on it). */
  onHandled?: (updateId: number) => void;
}

/** Accepts updates from polling or the webhook without waiting for their handling. */
export interface UpdateHandler {
  /** Starts handling `raw`; false when it was ignored as a repeat of a recent update_id. */
  accept(raw: unknown): boolean;
  /** Resolves when every update being handled is done, or after `ms`. */
  drain(ms: number): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const updateIdSchema = z.object({ update_id: z.number().int() });
/** How many recent update ids are remembered to drop repeats (webhook re-sends, polling overlaps). */
const RECENT_IDS = 4096;

/** Runs `work`, showing "typing…" in the chat while it takes longer than `afterMs`. */
async function withTyping<T>(work: Promise<T>, show: () => void, afterMs: number, everyMs: number): Promise<T> {
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    show();
    interval = setInterval(show, everyMs);
  }, afterMs);
  try {
    return await work;
  } finally {
    clearTimeout(first);
    if (interval) clearInterval(interval);
  }
}

/** Builds the handler polling and the webhook feed every update to. */
export function createUpdateHandler<S>(deps: HandlerDeps<S>): UpdateHandler {
  const { core, logger } = deps;
  const maxWait = deps.maxRateLimitWaitMs ?? 5_000;
  const recent = new Set<number>();
  const inFlight = new Set<Promise<void>>();

  /** Sends a command's reply; a user is waiting, so one short 429 is sat out and the rest resumed. */
  async function answer(to: ConversationRef, reply: Reply, opts: OutputOptions): Promise<DeliveryOutcome> {
    let out = await deps.output.send(to, reply, opts);
    if (out.status === 'retry' && out.rateLimited && out.afterMs <= maxWait) {
      await sleep(out.afterMs);
      out = await deps.output.send(to, reply, { ...opts, fromPart: out.sentParts, ...(out.sentParts > 0 ? { replyTo: undefined } : {}) });
    }
    return out;
  }

  async function onMessage(msg: IncomingMessage): Promise<void> {
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
    const to = conversationOf(msg.chat.id, threadId);
    const showTyping = (): void => {
      deps.api.chatAction(msg.chat.id, 'typing', threadId).catch((err: unknown) => logger.debug({ err: toPlatformError(err) }, 'telegram: chat action failed'));
    };
    const reply = await withTyping(
      (async () => {
        actor.isModerator = await deps.moderators.isModerator(sender);
        return core.handleText(line, actor, to, opts);
      })(),
      showTyping,
      deps.typingAfterMs ?? 1000,
      deps.typingEveryMs ?? 4500,
    );
    if (!reply) return;
    logger.debug({ chatId: msg.chat.id, kind: reply.kind ?? 'answer' }, 'telegram: answering command');
    // Posted on behalf of a chat (anonymous admin, channel): the poster is unknown, anyone may page.
    const owner = { userId: msg.from ? String(msg.from.id) : undefined, issuedAt: deps.clock.now() };
    const out = await answer(to, reply, { priority: 'reply', replyTo: msg.message_id, owner });
    if (out.status !== 'sent') logger.warn({ chatId: msg.chat.id, outcome: out }, 'telegram: could not answer a command');
  }

  async function onCallback(cq: IncomingCallback): Promise<void> {
    let note: string | undefined;
    try {
      if (!cq.data || cq.data === NOOP_DATA || !cq.message) return;
      const req = await deps.pages.decode(cq.data);
      if (!req) {
        note = 'This button has expired. Run the command again.';
        return;
      }
      const refusal = refusePress(req, String(cq.from.id), deps.clock.now(), { commandMention: `/${req.command.replace(/-/g, '_')}` });
      if (refusal) {
        note = refusal;
        return;
      }
      const chat = cq.message.chat;
      // Like commands: only a forum topic is a thread; a reply thread's id in a plain group is not.
      const threadId = cq.message.is_topic_message ? cq.message.message_thread_id : undefined;
      const to = conversationOf(chat.id, threadId);
      const actor: Actor = {
        platform: 'telegram',
        userId: String(cq.from.id),
        isModerator: await deps.moderators.isModerator({ chat, userId: cq.from.id }),
      };
      const reply = await core.dispatch({ command: req.command, args: req.args, page: req.page, actor, conversation: to });
      if (reply.kind === 'error') {
        note = [reply.title, reply.text].filter(Boolean).join(': ');
        return;
      }
      // The page just shown is a fresh answer: its buttons get a fresh hour (as on Discord).
      const owner = { userId: req.userId, issuedAt: deps.clock.now() };
      const html = renderReply(reply);
      if (html.length === 1) {
        await deps.pacer?.take(to, 'reply');
        try {
          await deps.api.editHtml(chat.id, cq.message.message_id, html[0]!, await deps.pages.keyboard(reply.pagination, owner));
        } catch (err) {
          if (!isNotModified(toPlatformError(err))) throw err;
        }
      } else {
        const out = await answer(to, reply, { priority: 'reply', owner });
        if (out.status !== 'sent') throw new Error(`page not sent: ${out.status}`);
      }
    } catch (err) {
      logger.warn({ err: toPlatformError(err) }, 'telegram: page button failed');
      note = 'Sorry, that did not work. Please try again.';
    } finally {
      await deps.api.answerCallback(cq.id, note).catch((err: unknown) => logger.warn({ err }, 'telegram: answerCallbackQuery failed'));
    }
  }

  async function handle(raw: unknown, updateId: number | undefined): Promise<void> {
    const update = readUpdate(raw);
    try {
      if (update.kind === 'message') await onMessage(update.message);
      else if (update.kind === 'callback') await onCallback(update.callback);
    } catch (err) {
      logger.error({ err }, 'telegram: update handling failed');
    } finally {
      if (updateId !== undefined) deps.onHandled?.(updateId);
    }
  }

  return {
    accept(raw) {
      const id = updateIdSchema.safeParse(raw);
      const updateId = id.success ? id.data.update_id : undefined;
      if (updateId !== undefined) {
        if (recent.has(updateId)) {
          logger.debug({ updateId }, 'telegram: repeated update ignored');
          return false;
        }
        recent.add(updateId);
        if (recent.size > RECENT_IDS) recent.delete(recent.values().next().value as number);
      }
      const work = handle(raw, updateId);
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
      return true;
    },
    async drain(ms) {
      await Promise.race([Promise.allSettled([...inFlight]), sleep(ms)]);
    },
  };
}
