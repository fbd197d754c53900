/**
 * discord.js / @discordjs/rest errors → the core's PlatformError kinds, so the delivery layer
 * can decide (retry later, pause the channel, give up) without knowing Discord.
 */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { PlatformError } from '../../core/errors.js';

/** Discord JSON error codes we act on. */
export const DiscordCodes = {
  UnknownChannel: 10003,
  UnknownMessage: 10008,
  UnknownInteraction: 10062,
  MissingAccess: 50001,
  CannotSendInDm: 50007,
  MissingPermissions: 50013,
} as const;

const FORBIDDEN_CODES = new Set<number | string>([DiscordCodes.MissingAccess, DiscordCodes.MissingPermissions, DiscordCodes.CannotSendInDm]);
const NOT_FOUND_CODES = new Set<number | string>([DiscordCodes.UnknownChannel, DiscordCodes.UnknownMessage, DiscordCodes.UnknownInteraction]);

/** Maps any error thrown by a Discord API call to a PlatformError (never includes URLs or tokens). */
export function toPlatformError(err: unknown): PlatformError {
  if (err instanceof PlatformError) return err;
  if (err instanceof RateLimitError) {
    const retryAfterMs = Math.max(err.retryAfter, err.sublimitTimeout, err.timeToReset, 0);
    return new PlatformError('rate-limited', `Discord rate limit on ${err.route}${err.global ? ' (global)' : ''}`, {
      retryAfterMs,
      status: 429,
    });
  }
  if (err instanceof DiscordAPIError) {
    const details = { status: err.status, code: err.code };
    if (err.status === 429) return new PlatformError('rate-limited', err.message, { ...details, retryAfterMs: retryAfterFromBody(err.rawError) });
    if (FORBIDDEN_CODES.has(err.code) || err.status === 403) return new PlatformError('forbidden', err.message, details);
    if (NOT_FOUND_CODES.has(err.code) || err.status === 404) return new PlatformError('not-found', err.message, details);
    if (err.status >= 500) return new PlatformError('transient', err.message, details);
    return new PlatformError('bad-request', err.message, details);
  }
  if (err instanceof HTTPError) {
    const kind = err.status >= 500 || err.status === 408 ? 'transient' : 'bad-request';
    return new PlatformError(kind, `Discord HTTP ${err.status}`, { status: err.status });
  }
  const message = err instanceof Error ? err.message : String(err);
  // Network failures, timeouts (AbortError), DNS: worth retrying later.
  return new PlatformError('transient', `Discord request failed: ${message}`);
}

function retryAfterFromBody(raw: unknown): number | undefined {
  if (raw && typeof raw === 'object' && 'retry_after' in raw) {
    const v = (raw as { retry_after: unknown }).retry_after;
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.ceil(v * 1000);
  }
  return undefined;
}

/** A loggable summary of an error: kind, status, code and message, never request URLs or bodies. */
export function describeError(err: unknown): { kind: string; status?: number; code?: number | string; message: string } {
  const p = toPlatformError(err);
  const out: { kind: string; status?: number; code?: number | string; message: string } = { kind: p.kind, message: p.message };
  if (p.details.status !== undefined) out.status = p.details.status;
  if (p.details.code !== undefined) out.code = p.details.code;
  return out;
}

/** What to log for an error: a summary for Discord API errors (their URL can hold an interaction token), the error itself otherwise. */
export function loggableError(err: unknown): unknown {
  return err instanceof DiscordAPIError || err instanceof HTTPError || err instanceof RateLimitError ? describeError(err) : err;
}
