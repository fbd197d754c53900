/**
 * Posts a Reply into a channel through the bot's REST client (digests, alerts). Rate limits are
 * honoured (waits `retry_after`, then retries a few times); every failure surfaces as a PlatformError.
 */
import { Routes, type REST } from 'discord.js';
import { PlatformError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../../core/reply.js';
import { toPlatformError } from './errors.js';
import { renderReply } from './render.js';

/** Routes for which the REST client must hand 429s to us instead of retrying silently. */
export function isChannelPostRoute(route: string): boolean {
  return /^\/channels\/[^/]+\/messages$/.test(route);
}

export interface SenderOptions {
  rest: REST;
  logger: Logger;
  /** Attempts after a 429 before giving up with a `rate-limited` error (default 3). */
  maxRateLimitRetries?: number;
  /** Longest wait honoured in-process; longer ones are returned to the caller (default 60 s). */
  maxWaitMs?: number;
  /** Injected for tests; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
}

/** Sends replies to Discord channels. */
export interface DiscordSender {
  /** Posts every message of the rendered reply to the channel, in order. */
  send(channelId: string, reply: Reply): Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates the channel sender. */
export function createSender(opts: SenderOptions): DiscordSender {
  const sleep = opts.sleep ?? realSleep;
  const maxRetries = opts.maxRateLimitRetries ?? 3;
  const maxWaitMs = opts.maxWaitMs ?? 60_000;

  async function post(channelId: string, body: unknown): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await opts.rest.post(Routes.channelMessages(channelId), { body });
        return;
      } catch (err) {
        const p = toPlatformError(err);
        const wait = p.details.retryAfterMs ?? 1000;
        if (p.kind !== 'rate-limited' || attempt >= maxRetries || wait > maxWaitMs) throw p;
        opts.logger.warn({ channelId, retryAfterMs: wait, attempt: attempt + 1 }, 'discord rate limited; waiting before retry');
        await sleep(wait);
      }
    }
  }

  return {
    async send(channelId, reply) {
      if (!/^\d{1,25}$/.test(channelId)) throw new PlatformError('bad-request', `not a Discord channel id: ${JSON.stringify(channelId.slice(0, 40))}`);
      for (const message of renderReply({ ...reply, ephemeral: false })) await post(channelId, message);
    },
  };
}
