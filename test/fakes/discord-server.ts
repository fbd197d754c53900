/**
 * A small fake of Discord's REST API (v10) and gateway on 127.0.0.1 that the real discord.js
 * Client logs into. It records every request (bodies parsed) so tests can assert on them, lets
 * tests inject error responses (429, 403, 404, 5xx) or hangs, and dispatches gateway events. It
 * also keeps the messages the bot created (interaction responses, followups, channel posts) with
 * their edits and deletions, so tests can see what a channel shows. Like Discord it enforces the
 * global limit of 50 requests/s by default (429 with retry_after and the global flag; interaction
 * endpoints are exempt) and honours `enforce_nonce`: a channel post repeating a nonce seen in the
 * last few minutes returns the original message instead of posting again.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { HungRequests } from './hung-requests.js';

/** One request the bot made. Paths are relative to `/api/v10`. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Whether an Authorization header with the right bot token was present. */
  authorized: boolean;
  status: number;
  at: number;
}

/** A canned response used once (or `times` times) for requests matching method + path. */
export interface Injection {
  method: string;
  path: RegExp;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  times?: number;
  /** Never answer (until the fake closes): the client's timeout must give up. */
  hang?: boolean;
  /** Let this many matching requests through first (a failure in the middle of a multi-part post). */
  skip?: number;
}

/** Faults a test can make one channel's next posts hit. */
export type ChannelFault = 'server-error' | 'missing-permissions' | 'missing-access' | 'unknown-channel' | 'hang' | 'bad-request';

/** How long Discord remembers a nonce for enforce_nonce. */
export const NONCE_WINDOW_MS = 5 * 60_000;

export interface FakeDiscordOptions {
  token: string;
  applicationId?: string;
  botUserId?: string;
  guildId?: string;
  channelId?: string;
  /** Global requests per second enforced (default 50); `false` turns the limit off. */
  globalPerSecond?: number | false;
}

let seq = 0n;
/** A fresh 19-digit snowflake. */
export function snowflake(): string {
  seq += 1n;
  return (1_300_000_000_000_000_000n + BigInt(Date.now() % 1_000_000) * 1_000_000n + seq).toString();
}

/** A message the bot created, as it currently stands. */
export interface StoredMessage {
  id: string;
  channelId: string;
  /** The latest body sent for it (creation or edit). */
  body: Record<string, unknown>;
  /** Ephemeral messages are seen only by the user who acted. */
  ephemeral: boolean;
  deleted: boolean;
  edits: number;
}

const UNKNOWN_MESSAGE = { status: 404, payload: { message: 'Unknown Message', code: 10008 } };

/** The fake server. Create with `FakeDiscord.start()`. */
export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  /** Last PUT body per scope: `global` or the guild id. */
  readonly registered = new Map<string, unknown[]>();
  readonly identifies: Array<{ token: string; intents: number }> = [];
  readonly applicationId: string;
  readonly botUserId: string;
  readonly guildId: string;
  readonly channelId: string;
  /** Channels that exist; posts elsewhere get 404 Unknown Channel. */
  readonly channels = new Set<string>();
  /** Every message the bot created, in creation order. */
  readonly messages = new Map<string, StoredMessage>();
  /** Per interaction token: the message its @original stands for. */
  private readonly originals = new Map<string, string>();
  /** Message id of each body object the bot sent (so tests can press buttons on a recorded body). */
  private readonly bodyIds = new WeakMap<object, string>();
  private injections: Injection[] = [];
  /** Global requests per second in force; `false` turns the limit off. */
  globalPerSecond: number | false;
  /** 429 answers given because the global limit was exceeded. */
  globalRejections = 0;
  /** Channel posts answered with an existing message because their nonce repeated. */
  nonceReplays = 0;
  private readonly nonces = new Map<string, { id: string; at: number }>();
  private readonly recentRequests: number[] = [];
  private readonly hung = new HungRequests();
  private sockets = new Set<WebSocket>();
  private gatewaySeq = 0;
  private listeners: Array<() => void> = [];
  private port = 0;

  private constructor(
    private readonly opts: FakeDiscordOptions,
    private readonly server: http.Server,
    private readonly wss: WebSocketServer,
  ) {
    this.applicationId = opts.applicationId ?? snowflake();
    this.botUserId = opts.botUserId ?? this.applicationId;
    this.guildId = opts.guildId ?? snowflake();
    this.channelId = opts.channelId ?? snowflake();
    this.channels.add(this.channelId);
    this.globalPerSecond = opts.globalPerSecond ?? 50;
  }

  /** Starts on an ephemeral port. */
  static async start(opts: FakeDiscordOptions): Promise<FakeDiscord> {
    const server = http.createServer();
    const wss = new WebSocketServer({ server });
    const fake = new FakeDiscord(opts, server, wss);
    server.on('request', (req, res) => void fake.onRequest(req, res));
    wss.on('connection', (ws) => fake.onSocket(ws));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    fake.port = (server.address() as AddressInfo).port;
    return fake;
  }

  /** REST base to give discord.js (`rest.api`), i.e. DISCORD_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get botUser() {
    return { id: this.botUserId, username: 'chainbrief', discriminator: '0', global_name: null, avatar: null, bot: true };
  }

  /** Queues an error (or any) response for the next matching request(s). */
  inject(injection: Injection): void {
    this.injections.push({ times: 1, ...injection });
  }

  /** Sends a gateway DISPATCH event to every connected client. */
  dispatch(t: string, d: unknown): void {
    const frame = JSON.stringify({ op: 0, t, s: ++this.gatewaySeq, d });
    for (const ws of this.sockets) ws.send(frame);
  }

  /** Resolves with the first recorded request (past or future) matching the predicate. */
  async waitFor(pred: (r: RecordedRequest) => boolean, timeoutMs = 10_000): Promise<RecordedRequest> {
    const found = this.requests.find(pred);
    if (found) return found;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== check);
        reject(new Error('fake discord: expected request never arrived'));
      }, timeoutMs);
      const check = (): void => {
        const hit = this.requests.find(pred);
        if (!hit) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve(hit);
      };
      this.listeners.push(check);
    });
  }

  /** Messages a channel shows to everyone now: created by the bot, not ephemeral, not deleted. */
  visibleMessages(channelId = this.channelId): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId && !m.ephemeral && !m.deleted);
  }

  /**
   * The message object a button press carries: the stored message a recorded body belongs to
   * (as it currently stands), or a fresh one for a body the fake has not seen. The interaction
   * `token` then edits that message as its @original, like Discord's component interactions.
   */
  componentMessage(body: unknown, token: string): Record<string, unknown> {
    const id = body && typeof body === 'object' ? this.bodyIds.get(body) : undefined;
    const stored = id ? this.messages.get(id) : undefined;
    const m = stored ? this.message(stored.body, stored.channelId, stored.id) : this.message(body);
    if (stored) this.originals.set(token, stored.id);
    return m;
  }

  /** Requests that belong to one interaction token (callback, @original edits, followups). */
  requestsFor(token: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.split('/').includes(token));
  }

  /** Makes the next `times` posts to `channelId` hit `fault`. */
  failChannel(channelId: string, fault: ChannelFault, times = 1, skip = 0): void {
    const path = new RegExp(`^/channels/${channelId}/messages$`);
    const bodies: Record<Exclude<ChannelFault, 'hang'>, { status: number; body: unknown }> = {
      'server-error': { status: 500, body: { message: 'Internal Server Error', code: 0 } },
      'missing-permissions': { status: 403, body: { message: 'Missing Permissions', code: 50013 } },
      'missing-access': { status: 403, body: { message: 'Missing Access', code: 50001 } },
      'unknown-channel': { status: 404, body: { message: 'Unknown Channel', code: 10003 } },
      'bad-request': { status: 400, body: { message: 'Invalid Form Body', code: 50035 } },
    };
    if (fault === 'hang') this.inject({ method: 'POST', path, status: 0, hang: true, times, skip });
    else this.inject({ method: 'POST', path, ...bodies[fault], times, skip });
  }

  async close(): Promise<void> {
    this.hung.releaseAll();
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- gateway

  private send(ws: WebSocket, payload: object): void {
    ws.send(JSON.stringify(payload));
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    this.send(ws, { op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null });
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { op: number; d: unknown };
      if (msg.op === 1) this.send(ws, { op: 11, d: null, s: null, t: null });
      if (msg.op === 2) this.onIdentify(ws, msg.d as { token: string; intents: number });
    });
  }

  private onIdentify(ws: WebSocket, d: { token: string; intents: number }): void {
    this.identifies.push({ token: d.token === this.opts.token ? '[ok]' : '[wrong]', intents: d.intents });
    if (d.token !== this.opts.token) {
      ws.close(4004, 'Authentication failed.');
      return;
    }
    const frame = (t: string, data: unknown) => ({ op: 0, t, s: ++this.gatewaySeq, d: data });
    this.send(
      ws,
      frame('READY', {
        v: 10,
        user: this.botUser,
        guilds: [{ id: this.guildId, unavailable: true }],
        session_id: 'fake-session',
        resume_gateway_url: `ws://127.0.0.1:${this.port}`,
        shard: [0, 1],
        application: { id: this.applicationId, flags: 0 },
        private_channels: [],
      }),
    );
    this.send(ws, frame('GUILD_CREATE', guildPayload(this.guildId, this.channelId, this.botUser)));
  }

  // ---- REST

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const m = /^\/api\/v10(\/.*)$/.exec(url.pathname);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = undefined;
    if (text) body = (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(text) : text;
    const path = decodeURIComponent(m?.[1] ?? url.pathname);
    const method = req.method ?? 'GET';
    const authorized = req.headers.authorization === `Bot ${this.opts.token}`;
    const hang = this.matching(method, path, true);
    if (hang) {
      this.consume(hang);
      this.requests.push({ method, path, query: Object.fromEntries(url.searchParams), body, authorized, status: 0, at: Date.now() });
      await this.hung.hold(res);
      return;
    }
    const { status, payload, headers } = this.globalLimited(path) ?? this.route(method, path, url.searchParams, body, authorized);
    this.requests.push({ method, path, query: Object.fromEntries(url.searchParams), body, authorized, status, at: Date.now() });
    // Like Discord: 204 has no body and no content type (a JSON content type would make clients parse nothing).
    res.writeHead(status, { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
    res.end(payload === undefined ? undefined : JSON.stringify(payload));
    for (const l of [...this.listeners]) l();
  }

  /** The injection this request hits (hangs or answers), after letting `skip` requests through. */
  private matching(method: string, path: string, hang: boolean): Injection | undefined {
    const inj = this.injections.find((i) => Boolean(i.hang) === hang && i.method === method && i.path.test(path));
    if (inj && (inj.skip ?? 0) > 0) {
      inj.skip! -= 1;
      return undefined;
    }
    return inj;
  }

  private consume(inj: Injection): void {
    inj.times = (inj.times ?? 1) - 1;
    if (inj.times <= 0) this.injections = this.injections.filter((i) => i !== inj);
  }

  /** A global 429 when this request would exceed the global limit (interaction endpoints are exempt). */
  private globalLimited(path: string): { status: number; payload: unknown; headers: Record<string, string> } | undefined {
    if (this.globalPerSecond === false || /^\/(interactions|webhooks)\//.test(path)) return undefined;
    const now = Date.now();
    while (this.recentRequests.length && this.recentRequests[0]! <= now - 1000) this.recentRequests.shift();
    if (this.recentRequests.length < this.globalPerSecond) {
      this.recentRequests.push(now);
      return undefined;
    }
    this.globalRejections++;
    const retryAfter = Math.max(0.001, (this.recentRequests[0]! + 1000 - now) / 1000);
    return {
      status: 429,
      payload: { message: 'You are being rate limited.', retry_after: retryAfter, global: true },
      headers: { 'retry-after': String(retryAfter), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
    };
  }

  private route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
    authorized: boolean,
  ): { status: number; payload?: unknown; headers?: Record<string, string> } {
    const inj = this.matching(method, path, false);
    if (inj) {
      this.consume(inj);
      return { status: inj.status, payload: inj.body, headers: inj.headers ?? {} };
    }
    const needsAuth = !/^\/(interactions|webhooks)\//.test(path);
    if (needsAuth && !authorized) return { status: 401, payload: { message: '401: Unauthorized', code: 0 } };
    let mm: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return {
        status: 200,
        payload: {
          url: `ws://127.0.0.1:${this.port}`,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      };
    }
    if (method === 'GET' && path === '/applications/@me') return { status: 200, payload: { id: this.applicationId, name: 'chainbrief', flags: 0 } };
    if (method === 'PUT' && (mm = /^\/applications\/(\d+)\/(?:guilds\/(\d+)\/)?commands$/.exec(path))) {
      const list = Array.isArray(body) ? (body as Array<Record<string, unknown>>) : [];
      this.registered.set(mm[2] ?? 'global', list);
      return { status: 200, payload: list.map((c) => ({ ...c, id: snowflake(), application_id: mm![1], version: snowflake() })) };
    }
    if (method === 'POST' && (mm = /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(path))) {
      const token = mm[1]!;
      const data = (body as { type: number; data?: Record<string, unknown> }) ?? { type: 0 };
      let stored: StoredMessage | undefined;
      // 4 reply, 5 deferred reply ("thinking…"), 7 update the component's message, 6 deferred update.
      if (data.type === 4 || data.type === 5) {
        stored = this.create(data.data ?? {});
        this.originals.set(token, stored.id);
      } else if (data.type === 7 || data.type === 6) {
        stored = this.messages.get(this.originals.get(token) ?? '');
        if (stored && data.type === 7) this.edit(stored, data.data ?? {});
      }
      if (query.get('with_response') !== 'true') return { status: 204 };
      const message = stored ? this.message(stored.body, stored.channelId, stored.id) : this.message(data.data ?? {});
      return { status: 200, payload: { interaction: { id: path.split('/')[2], type: 2 }, resource: { type: data.type, message } } };
    }
    if ((mm = /^\/webhooks\/\d+\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(path))) {
      const token = mm[1]!;
      const target = mm[2] === '@original' ? this.originals.get(token) : mm[2];
      const stored = target ? this.messages.get(target) : undefined;
      if (method === 'POST' && !mm[2]) {
        const created = this.create(body);
        return { status: 200, payload: this.message(created.body, created.channelId, created.id) };
      }
      if (mm[2] && (method === 'PATCH' || method === 'DELETE')) {
        if (!stored || stored.deleted) {
          // An @original the fake never saw created (e.g. a pressed body it does not know): echo like before.
          if (mm[2] === '@original') return method === 'DELETE' ? { status: 204 } : { status: 200, payload: this.message(body) };
          return UNKNOWN_MESSAGE;
        }
        if (method === 'DELETE') {
          stored.deleted = true;
          return { status: 204 };
        }
        this.edit(stored, body);
        return { status: 200, payload: this.message(stored.body, stored.channelId, stored.id) };
      }
    }
    if (method === 'POST' && (mm = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      if (!this.channels.has(mm[1]!)) return { status: 404, payload: { message: 'Unknown Channel', code: 10003 } };
      const b = (body ?? {}) as { nonce?: unknown; enforce_nonce?: unknown };
      const nonceKey = b.enforce_nonce === true && (typeof b.nonce === 'string' || typeof b.nonce === 'number') ? `${mm[1]}:${String(b.nonce)}` : undefined;
      if (nonceKey && String(b.nonce).length > 25) return { status: 400, payload: { message: 'Invalid Form Body', code: 50035 } };
      const seen = nonceKey ? this.nonces.get(nonceKey) : undefined;
      const original = seen && Date.now() - seen.at < NONCE_WINDOW_MS ? this.messages.get(seen.id) : undefined;
      if (original) {
        this.nonceReplays++;
        return { status: 200, payload: this.message(original.body, original.channelId, original.id) };
      }
      const created = this.create(body, mm[1]);
      if (nonceKey) this.nonces.set(nonceKey, { id: created.id, at: Date.now() });
      return { status: 200, payload: this.message(created.body, created.channelId, created.id) };
    }
    return { status: 404, payload: { message: '404: Not Found', code: 0 } };
  }

  private create(body: unknown, channelId = this.channelId): StoredMessage {
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const stored: StoredMessage = { id: snowflake(), channelId, body: b, ephemeral: ((b.flags as number) & 64) === 64, deleted: false, edits: 0 };
    this.messages.set(stored.id, stored);
    this.bodyIds.set(b, stored.id);
    return stored;
  }

  /** Applies an edit: fields present in the edit replace the old ones, like Discord's PATCH. */
  private edit(stored: StoredMessage, body: unknown): void {
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    stored.body = { ...stored.body, ...b };
    stored.edits++;
    this.bodyIds.set(b, stored.id);
    this.bodyIds.set(stored.body, stored.id);
  }

  /** A message object as Discord returns it, built from a message body. */
  message(body: unknown, channelId = this.channelId, id = snowflake()): Record<string, unknown> {
    const b = (body ?? {}) as Record<string, unknown>;
    return {
      id,
      channel_id: channelId,
      type: 0,
      content: b.content ?? '',
      embeds: b.embeds ?? [],
      components: b.components ?? [],
      author: this.botUser,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      flags: typeof b.flags === 'number' ? b.flags : 0,
    };
  }
}

function guildPayload(guildId: string, channelId: string, bot: object): Record<string, unknown> {
  return {
    id: guildId,
    name: 'Fake Guild',
    icon: null,
    owner_id: '100000000000000001',
    unavailable: false,
    member_count: 2,
    large: false,
    features: [],
    joined_at: new Date().toISOString(),
    roles: [{ id: guildId, name: '@everyone', permissions: '104324673', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    channels: [{ id: channelId, type: 0, name: 'general', position: 0, permission_overwrites: [], guild_id: guildId }],
    members: [{ user: bot, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }],
    threads: [],
    presences: [],
    voice_states: [],
    emojis: [],
    stickers: [],
    stage_instances: [],
    guild_scheduled_events: [],
    premium_tier: 0,
    preferred_locale: 'en-US',
    system_channel_flags: 0,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
  };
}
