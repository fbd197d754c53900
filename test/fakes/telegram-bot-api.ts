/**
 * A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests with the real telegraf client.
 * Real long polling (offset confirms, timeout holds the request until an update arrives), strict
 * HTML checking of every outgoing message, entity parsing like Telegram's, injectable API errors
 * and hangs, chats with members and statuses, command menus per scope and webhook delivery.
 * Telegram's flood limits are enforced by default (30 messages/s overall, 1/s per chat, 20/min per
 * group; 429 with parameters.retry_after); tests that measure something else may turn them off.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseEntities, type FakeEntity } from './telegram-entities.js';
import { checkKeyboard, checkMenu, checkText, FakeApiError as ApiError, scopeKey, type InjectedError } from './telegram-fake-checks.js';
import { HungRequests } from './hung-requests.js';

export type { InjectedError } from './telegram-fake-checks.js';

export interface FakeChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  /** Set when a group became a supergroup: sends answer 400 with migrate_to_chat_id. */
  migratedTo?: number;
  /** The bot was blocked (private) or kicked (group): sends answer 403. */
  blocked?: boolean;
}

export interface FakeUser {
  id: number;
  first_name: string;
  username?: string;
}

/** A message the bot sent (or edited). */
export interface SentMessage {
  chatId: number;
  messageId: number;
  html: string;
  /** Visible text after HTML parsing. */
  text: string;
  links: string[];
  keyboard?: Array<Array<{ text: string; callback_data: string }>>;
  replyTo?: number;
  threadId?: number;
  linkPreviewDisabled: boolean;
  edits: number;
}

/** The flood limits the fake enforces on sendMessage and editMessageText. */
export interface FakeLimits {
  perSecond: number;
  perChatPerSecond: number;
  perGroupPerMinute: number;
}

/** Telegram's documented limits. */
export const TELEGRAM_LIMITS: FakeLimits = { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 };

/** Faults a test can make one chat's next sends hit. */
export type ChatFault = 'server-error' | 'hang' | 'blocked' | 'kicked' | 'chat-not-found' | 'migrated' | 'rate-limited';

/** Sliding windows of accepted message times. */
class FloodWindow {
  private readonly times: number[] = [];
  constructor(
    readonly size: number,
    readonly spanMs: number,
  ) {}

  /** Milliseconds until another message is allowed (0 when allowed now). */
  waitMs(now: number): number {
    while (this.times.length && this.times[0]! <= now - this.spanMs) this.times.shift();
    return this.times.length < this.size ? 0 : this.times[this.times.length - this.size]! + this.spanMs - now;
  }

  add(now: number): void {
    this.times.push(now);
  }
}

interface Call {
  method: string;
  payload: Record<string, unknown>;
}

type Json = Record<string, unknown>;

/** The fake server. Start with FakeBotApi.start(). */
export class FakeBotApi {
  readonly token = '123456789:fake-test-token';
  readonly bot = { id: 123456789, is_bot: true, first_name: 'chainbrief', username: 'chainbrief_test_bot' };
  readonly calls: Call[] = [];
  readonly sent: SentMessage[] = [];
  readonly htmlErrors: string[] = [];
  readonly menus = new Map<string, Array<{ command: string; description: string }>>();
  readonly answeredCallbacks = new Map<string, string | undefined>();
  /** getUpdates calls that came back empty before their timeout (a busy loop would raise this). */
  emptyPolls = 0;
  /** Most getUpdates requests held at the same time. */
  maxConcurrentPolls = 0;
  webhook: { url: string; secret?: string } | undefined;
  /** The flood limits in force; `false` turns them off (for tests that measure something else). */
  limits: FakeLimits | false = TELEGRAM_LIMITS;
  /** 429 answers the fake gave because a flood limit was exceeded. */
  floodRejections = 0;
  /** The message id of each injected text message, by update id. */
  readonly injectedMessageIds = new Map<number, number>();
  /** Chat actions (sendChatAction) the bot showed, in order. */
  readonly chatActions: Array<{ chatId: number; action: string; at: number }> = [];

  private readonly chats = new Map<number, FakeChat>();
  private readonly members = new Map<string, string>();
  private readonly queue: Json[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly processedWaiters: Array<{ id: number; resolve: () => void }> = [];
  private readonly failures: Array<{ method: string; error: InjectedError | 'hang'; chatId?: number; times: number; skip?: number }> = [];
  private readonly hung = new HungRequests();
  private readonly floodWindows = new Map<string, FloodWindow>();
  private nextUpdateId = 1000;
  private nextMessageId = 1;
  private confirmed = 0;
  private heldPolls = 0;
  private server!: Server;
  url = '';

  static async start(): Promise<FakeBotApi> {
    const fake = new FakeBotApi();
    fake.server = createServer((req, res) => void fake.route(req, res));
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', () => r()));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    for (const w of this.waiters) w();
    this.hung.releaseAll();
    await new Promise<void>((r) => {
      this.server.close(() => r());
      this.server.closeAllConnections();
    });
  }

  addChat(chat: FakeChat): FakeChat {
    this.chats.set(chat.id, chat);
    return chat;
  }

  setMember(chatId: number, userId: number, status: 'creator' | 'administrator' | 'member' | 'left' | 'kicked'): void {
    this.members.set(`${chatId}:${userId}`, status);
  }

  /** Makes the next `times` calls of `method` (optionally to one chat) fail with `error`. */
  failNext(method: string, error: InjectedError, opts: { chatId?: number; times?: number } = {}): void {
    this.failures.push({ method, error, times: opts.times ?? 1, ...(opts.chatId !== undefined ? { chatId: opts.chatId } : {}) });
  }

  /** Makes the next `times` sends (sendMessage) to `chatId` hit `fault`. */
  failChat(chatId: number, fault: ChatFault, opts: { times?: number; retryAfter?: number; migrateTo?: number; skip?: number } = {}): void {
    const times = opts.times ?? 1;
    const errors: Record<Exclude<ChatFault, 'hang'>, InjectedError> = {
      'server-error': { error_code: 500, description: 'Internal Server Error' },
      blocked: { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      kicked: { error_code: 403, description: 'Forbidden: bot was kicked from the group chat' },
      'chat-not-found': { error_code: 400, description: 'Bad Request: chat not found' },
      migrated: { error_code: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', parameters: { migrate_to_chat_id: opts.migrateTo ?? -1000000000000 + chatId } },
      'rate-limited': { error_code: 429, description: `Too Many Requests: retry after ${opts.retryAfter ?? 1}`, parameters: { retry_after: opts.retryAfter ?? 1 } },
    };
    // `skip` lets that many sends through first (a failure in the middle of a multi-part reply).
    this.failures.push({ method: 'sendMessage', chatId, times, skip: opts.skip ?? 0, error: fault === 'hang' ? 'hang' : errors[fault] });
  }

  callsOf(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  sentTo(chatId: number): SentMessage[] {
    return this.sent.filter((m) => m.chatId === chatId);
  }

  /** Queues a text message as a user (or as a chat, with senderChat) would send it; returns the update id. */
  injectText(opts: { chat: FakeChat; from?: FakeUser; senderChat?: FakeChat; text: string; threadId?: number }): number {
    const entities: FakeEntity[] = parseEntities(opts.text);
    const message: Json = {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: this.chatJson(opts.chat),
      text: opts.text,
      ...(entities.length ? { entities } : {}),
      ...(opts.from ? { from: { is_bot: false, ...opts.from } } : {}),
      ...(opts.senderChat ? { sender_chat: this.chatJson(opts.senderChat) } : {}),
      ...(opts.threadId ? { message_thread_id: opts.threadId, is_topic_message: true } : {}),
    };
    const updateId = this.enqueue(opts.chat.type === 'channel' ? { channel_post: message } : { message });
    this.injectedMessageIds.set(updateId, message.message_id as number);
    return updateId;
  }

  /** Presses an inline button of a sent message; returns the update id and the callback query id. */
  pressButton(msg: SentMessage, label: RegExp | string, from: FakeUser): { updateId: number; callbackId: string } {
    const button = msg.keyboard?.flat().find((b) => (typeof label === 'string' ? b.text === label : label.test(b.text)));
    if (!button) throw new Error(`no button ${String(label)} on message ${msg.messageId}`);
    const callbackId = `cq${this.nextUpdateId}`;
    const chat = this.chats.get(msg.chatId)!;
    const updateId = this.enqueue({
      callback_query: {
        id: callbackId,
        from: { is_bot: false, ...from },
        chat_instance: `ci${msg.chatId}`,
        data: button.callback_data,
        message: { message_id: msg.messageId, date: 0, chat: this.chatJson(chat), text: msg.text, ...this.threadJson(chat, msg) },
      },
    });
    return { updateId, callbackId };
  }

  /**
   * Thread fields of a bot message as Telegram reports them: a message sent into a forum topic
   * carries the topic's id and `is_topic_message`; a reply in a plain supergroup carries the id
   * of the reply thread (the message it answers) but is no topic message.
   */
  private threadJson(chat: FakeChat, msg: SentMessage): Json {
    if (chat.type !== 'supergroup') return {};
    if (msg.threadId) return { message_thread_id: msg.threadId, is_topic_message: true };
    if (msg.replyTo) return { message_thread_id: msg.replyTo };
    return {};
  }

  /** Queues a raw update (for malformed or unusual payloads). */
  injectRaw(update: Json): number {
    return this.enqueue(update);
  }

  /** Resolves once the bot has confirmed the update (polling offset moved past it, or webhook answered). */
  processed(updateId: number): Promise<void> {
    if (this.confirmed > updateId) return Promise.resolve();
    return new Promise((resolve) => this.processedWaiters.push({ id: updateId, resolve }));
  }

  private enqueue(update: Json): number {
    const update_id = this.nextUpdateId++;
    const full = { update_id, ...update };
    if (this.webhook) {
      void this.deliverWebhook(full);
      return update_id;
    }
    this.queue.push(full);
    for (const w of this.waiters) w();
    return update_id;
  }

  private async deliverWebhook(update: Json & { update_id: number }): Promise<void> {
    const hook = this.webhook!;
    await fetch(hook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(hook.secret ? { 'x-telegram-bot-api-secret-token': hook.secret } : {}) },
      body: JSON.stringify(update),
    }).catch(() => undefined);
    this.confirm(update.update_id + 1);
  }

  private confirm(offset: number): void {
    if (offset <= this.confirmed) return;
    this.confirmed = offset;
    while (this.queue.length && (this.queue[0]!.update_id as number) < offset) this.queue.shift();
    for (let i = this.processedWaiters.length - 1; i >= 0; i--) {
      const w = this.processedWaiters[i]!;
      if (w.id < offset) {
        this.processedWaiters.splice(i, 1);
        w.resolve();
      }
    }
  }

  private chatJson(chat: FakeChat): Json {
    return { id: chat.id, type: chat.type, ...(chat.title ? { title: chat.title } : { first_name: 'Tester' }) };
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
    const reply = (status: number, body: Json): void => {
      if (!res.writableEnded && !res.destroyed) res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!m) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== this.token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    let payload: Json = {};
    const raw = Buffer.concat(chunks).toString('utf8');
    if (raw) {
      try {
        payload = JSON.parse(raw) as Json;
      } catch {
        return reply(400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
      }
    }
    const method = m[2]!;
    this.calls.push({ method, payload });
    try {
      if (this.injected(method, payload) === 'hang') {
        // Never answered (until the fake closes): the client's own timeout must give up.
        await this.hung.hold(res);
        return;
      }
      const result = method === 'getUpdates' ? await this.getUpdates(payload, res) : this.handle(method, payload);
      reply(200, { ok: true, result });
    } catch (err) {
      if (err instanceof ApiError) return reply(err.body.error_code, { ok: false, ...err.body });
      reply(500, { ok: false, error_code: 500, description: String(err) });
    }
  }

  private injected(method: string, payload: Json): 'hang' | undefined {
    const i = this.failures.findIndex((f) => f.method === method && (f.chatId === undefined || Number(payload.chat_id) === f.chatId));
    if (i < 0) return undefined;
    const f = this.failures[i]!;
    if (f.skip) {
      f.skip--;
      return undefined;
    }
    if (--f.times <= 0) this.failures.splice(i, 1);
    if (f.error === 'hang') return 'hang';
    throw new ApiError(f.error);
  }

  private window(key: string, size: number, spanMs: number): FloodWindow {
    let w = this.floodWindows.get(key);
    if (!w || w.size !== size || w.spanMs !== spanMs) this.floodWindows.set(key, (w = new FloodWindow(size, spanMs)));
    return w;
  }

  /** Applies the flood limits to one message to `chat`: records it, or answers 429 with retry_after. */
  private flood(chat: FakeChat): void {
    const limits = this.limits;
    if (!limits) return;
    const now = Date.now();
    const windows = [this.window('*', limits.perSecond, 1000), this.window(`chat:${chat.id}`, limits.perChatPerSecond, 1000)];
    if (chat.id < 0) windows.push(this.window(`group:${chat.id}`, limits.perGroupPerMinute, 60_000));
    const wait = Math.max(...windows.map((w) => w.waitMs(now)));
    if (wait > 0) {
      this.floodRejections++;
      const retryAfter = Math.max(1, Math.ceil(wait / 1000));
      throw new ApiError({ error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } });
    }
    for (const w of windows) w.add(now);
  }

  private async getUpdates(p: Json, res: ServerResponse): Promise<Json[]> {
    if (this.webhook) throw new ApiError({ error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active" });
    const offset = Number(p.offset ?? 0);
    if (offset > 0) this.confirm(offset);
    const limit = Math.min(100, Number(p.limit ?? 100));
    const timeout = Number(p.timeout ?? 0);
    const ready = (): Json[] => this.queue.filter((u) => (u.update_id as number) >= offset).slice(0, limit);
    if (ready().length || timeout <= 0) return ready();
    this.heldPolls++;
    this.maxConcurrentPolls = Math.max(this.maxConcurrentPolls, this.heldPolls);
    let timedOut = false;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(() => {
        timedOut = true;
        done();
      }, timeout * 1000);
      this.waiters.add(done);
      res.once('close', done);
    });
    this.heldPolls--;
    const out = ready();
    if (!out.length && !timedOut && !res.destroyed) this.emptyPolls++;
    return out;
  }

  private handle(method: string, p: Json): unknown {
    switch (method) {
      case 'getMe':
        return this.bot;
      case 'deleteWebhook':
        this.webhook = undefined;
        return true;
      case 'setWebhook':
        this.webhook = { url: String(p.url), ...(typeof p.secret_token === 'string' ? { secret: p.secret_token } : {}) };
        return true;
      case 'sendMessage':
        return this.sendMessage(p);
      case 'editMessageText':
        return this.editMessageText(p);
      case 'sendChatAction':
        this.chat(p.chat_id);
        this.chatActions.push({ chatId: Number(p.chat_id), action: String(p.action), at: Date.now() });
        return true;
      case 'answerCallbackQuery':
        this.answeredCallbacks.set(String(p.callback_query_id), typeof p.text === 'string' ? p.text : undefined);
        return true;
      case 'setMyCommands': {
        const menu = checkMenu(p);
        this.menus.set(menu.scope, menu.commands);
        return true;
      }
      case 'getMyCommands':
        return this.menus.get(scopeKey(p.scope)) ?? [];
      case 'getChatMember': {
        const chat = this.chat(p.chat_id);
        const status = this.members.get(`${chat.id}:${Number(p.user_id)}`) ?? 'member';
        return { status, user: { id: Number(p.user_id), is_bot: false, first_name: 'User' } };
      }
      case 'getChatAdministrators': {
        const chat = this.chat(p.chat_id);
        return [...this.members]
          .filter(([k, s]) => k.startsWith(`${chat.id}:`) && (s === 'creator' || s === 'administrator'))
          .map(([k, status]) => ({ status, user: { id: Number(k.split(':')[1]), is_bot: false, first_name: 'Admin' } }));
      }
      default:
        throw new ApiError({ error_code: 404, description: 'Not Found: method not found' });
    }
  }

  private chat(id: unknown): FakeChat {
    const chat = this.chats.get(Number(id));
    if (!chat) throw new ApiError({ error_code: 400, description: 'Bad Request: chat not found' });
    return chat;
  }

  private sendMessage(p: Json): Json {
    const chat = this.chat(p.chat_id);
    if (chat.migratedTo !== undefined) {
      throw new ApiError({
        error_code: 400,
        description: 'Bad Request: group chat was upgraded to a supergroup chat',
        parameters: { migrate_to_chat_id: chat.migratedTo },
      });
    }
    if (chat.blocked) {
      throw new ApiError({ error_code: 403, description: chat.type === 'private' ? 'Forbidden: bot was blocked by the user' : 'Forbidden: bot was kicked from the group chat' });
    }
    const { html, text, links } = checkText(p, this.htmlErrors);
    const keyboard = checkKeyboard(p);
    this.flood(chat);
    const rp = p.reply_parameters as { message_id?: number } | undefined;
    const lpo = p.link_preview_options as { is_disabled?: boolean } | undefined;
    const msg: SentMessage = {
      chatId: chat.id,
      messageId: this.nextMessageId++,
      html,
      text,
      links,
      linkPreviewDisabled: lpo?.is_disabled === true || p.disable_web_page_preview === true,
      edits: 0,
      ...(keyboard ? { keyboard } : {}),
      ...(rp?.message_id ? { replyTo: rp.message_id } : {}),
      ...(typeof p.message_thread_id === 'number' ? { threadId: p.message_thread_id } : {}),
    };
    this.sent.push(msg);
    return { message_id: msg.messageId, date: Math.floor(Date.now() / 1000), chat: this.chatJson(chat), from: this.bot, text };
  }

  private editMessageText(p: Json): Json {
    const chat = this.chat(p.chat_id);
    const msg = this.sent.find((m) => m.chatId === chat.id && m.messageId === Number(p.message_id));
    if (!msg) throw new ApiError({ error_code: 400, description: 'Bad Request: message to edit not found' });
    const { html, text, links } = checkText(p, this.htmlErrors);
    const keyboard = checkKeyboard(p);
    if (html === msg.html && JSON.stringify(keyboard) === JSON.stringify(msg.keyboard)) {
      throw new ApiError({ error_code: 400, description: 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same' });
    }
    this.flood(chat);
    Object.assign(msg, { html, text, links, keyboard, edits: msg.edits + 1 });
    return { message_id: msg.messageId, date: 0, chat: this.chatJson(chat), text };
  }
}
