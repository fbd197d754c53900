/**
 * The Discord PushPort: posts a frozen Reply into a channel (or thread) over REST for the outbox
 * sender. Never waits or retries by itself: a 429 comes back as `retry` after the body's
 * `retry_after` (seconds, a float; discord.js itself reads only the rounded Retry-After header),
 * 5xx/timeouts/network as `retry`, missing access or a gone channel as `paused`, other 4xx as `dead`.
 * Every message carries a nonce derived from the outbox key and part index with enforce_nonce, so a
 * resend after a crash returns the message Discord already has instead of posting it twice.
 */
import { createHash } from 'node:crypto';
import { RateLimitError, REST, RESTEvents, Routes } from 'discord.js';
import { parseConversation, type ConversationRef } from '../../core/conversation.js';
import { PlatformError } from '../../core/errors.js';
import type { Pacer, PushPort } from '../../core/push.js';
import type { Reply } from '../../core/reply.js';
import { countRateLimited, sendParts, sharedFailure, type PartFailure } from '../push-outcome.js';
import { DiscordCodes, toPlatformError } from './errors.js';
import { renderReply } from './render.js';

/** Discord's limit for a message nonce (string form). */
export const MAX_NONCE = 25;

/** The nonce of part `index` of the delivery with outbox key `key`: stable, ≤ 25 characters. */
export function pushNonce(key: string, index: number): string {
  return createHash('sha256').update(`${key}\u0000${index}`).digest('base64url').slice(0, MAX_NONCE);
}

export interface DiscordPushOptions {
  token: string;
  /** REST base without version (DISCORD_API_URL); Discord's by default. */
  apiUrl?: string | undefined;
  /** Paces posts at the global limit; optional (discord.js also tracks per-route buckets). */
  pacer?: Pacer | undefined;
  /** Abort a request after this long and report `retry` (default 15 s). */
  timeoutMs?: number;
  /** The global limit discord.js itself enforces for this client (default 50, as Discord's). */
  globalPerSecond?: number;
}

/**
 * A REST client for pushes only: no automatic retries (the sender decides) and every rate limit
 * handed back to us instead of waited out. Interaction replies keep the client's own REST.
 */
function pushRest(opts: DiscordPushOptions, retryAfter: Map<string, Promise<number | undefined>>): REST {
  const rest = new REST({
    ...(opts.apiUrl ? { api: opts.apiUrl.replace(/\/+$/, '') } : {}),
    retries: 0,
    rejectOnRateLimit: () => true,
    globalRequestsPerSecond: opts.globalPerSecond ?? 50,
    timeout: opts.timeoutMs ?? 15_000,
  }).setToken(opts.token);
  // Count 429s actually received (discord.js also raises RateLimitError before sending when its
  // own buckets are empty; those are pacing, not answers from Discord).
  rest.on(RESTEvents.Response, (request, response) => {
    if (response.status !== 429) return;
    countRateLimited('discord');
    // The body's retry_after (float seconds) is more precise than the header discord.js uses.
    const body = response.json().then(
      (b: unknown) => {
        const v = b && typeof b === 'object' ? (b as { retry_after?: unknown }).retry_after : undefined;
        return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.ceil(v * 1000) : undefined;
      },
      () => undefined,
    );
    retryAfter.set(request.path, body);
  });
  return rest;
}

/** Maps a failed channel post to an outcome. */
export function discordFailure(err: unknown): PartFailure {
  const e = toPlatformError(err);
  const shared = sharedFailure(e);
  if (shared) return shared;
  const code = e.details.code;
  if (code === DiscordCodes.MissingPermissions || code === DiscordCodes.MissingAccess) {
    return { status: 'paused', reason: 'missing-permissions', detail: e.message };
  }
  if (code === DiscordCodes.UnknownChannel || e.details.status === 404) return { status: 'paused', reason: 'not-found', detail: e.message };
  if (e.kind === 'forbidden') return { status: 'paused', reason: 'forbidden', detail: e.message };
  return { status: 'dead', reason: e.message };
}

function channelOf(conversation: ConversationRef): string | undefined {
  const parts = parseConversation(conversation);
  // A thread is a channel of its own on Discord: post into it directly.
  const id = parts.threadId ?? parts.id;
  return parts.platform === 'discord' && /^\d{1,25}$/.test(id) ? id : undefined;
}

/** The Discord push port, with `close` to stop its REST client's timers. */
export interface DiscordPush extends PushPort {
  close(): void;
}

/** Creates the Discord push port. */
export function createDiscordPush(opts: DiscordPushOptions): DiscordPush {
  const retryAfterBodies = new Map<string, Promise<number | undefined>>();
  const rest = pushRest(opts, retryAfterBodies);
  return {
    platform: 'discord',
    close() {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
    async deliver(conversation, reply: Reply, { key, fromPart = 0 }) {
      const channelId = channelOf(conversation);
      if (!channelId) return { status: 'dead', reason: `not a Discord channel: ${JSON.stringify(conversation.slice(0, 60))}`, sentParts: fromPart };
      const messages = renderReply({ ...reply, ephemeral: false });
      return sendParts(
        messages,
        fromPart,
        async (message, index) => {
          await opts.pacer?.take(conversation, 'push');
          const body = { ...message, allowed_mentions: { parse: [] }, nonce: pushNonce(key, index), enforce_nonce: true };
          const route = Routes.channelMessages(channelId);
          try {
            const created = (await rest.post(route, { body })) as { id: string };
            return created.id;
          } catch (err) {
            if (!(err instanceof RateLimitError)) throw err;
            const fromBody = await retryAfterBodies.get(route);
            retryAfterBodies.delete(route);
            const e = toPlatformError(err);
            const afterMs = fromBody ?? e.details.retryAfterMs ?? 1000;
            // A global 429 delays every channel; a route/channel one only this conversation.
            opts.pacer?.backOff(err.global ? undefined : conversation, afterMs);
            throw new PlatformError('rate-limited', e.message, { ...e.details, retryAfterMs: afterMs });
          }
        },
        discordFailure,
      );
    },
  };
}
