/**
 * Telegram API failures → the core's PlatformError kinds. telegraf throws a TelegramError carrying
 * the Bot API error body; network failures surface as node-fetch errors. Neither retries, so the
 * caller (delivery layer, or the interactive reply path) decides what to do with the kind.
 */
import { z } from 'zod';
import { PlatformError } from '../../core/errors.js';
import { formatConversation } from '../../core/conversation.js';

/** The Bot API error body as telegraf exposes it on `err.response`. */
const apiErrorSchema = z.object({
  response: z.object({
    error_code: z.number().int(),
    description: z.string().optional(),
    parameters: z
      .object({
        retry_after: z.number().optional(),
        migrate_to_chat_id: z.number().int().optional(),
      })
      .optional(),
  }),
});

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EPIPE', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET']);

/** Tokens the adapter was configured with: redacted verbatim, whatever their shape. */
const knownTokens = new Set<string>();

/** Makes redactToken also remove exactly this token (called with the configured bot token). */
export function rememberTokenForRedaction(token: string): void {
  if (token.length >= 4) knownTokens.add(token);
}

/**
 * Removes bot tokens from text that may end up in logs: the configured token verbatim, the
 * `/bot<id>:<secret>` segment of Bot API URLs, and any other `<id>:<secret>` token, however short.
 */
export function redactToken(text: string): string {
  let out = text;
  for (const token of knownTokens) out = out.split(token).join('[redacted]');
  return out.replace(/(\/bot)\d+:[^/?#\s]+/g, '$1[redacted]').replace(/(?<![\w.:/])\d{5,}:[A-Za-z0-9_-]+/g, '[redacted]');
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  const errno = (err as { errno?: unknown }).errno;
  if (typeof code === 'string') return code;
  if (typeof errno === 'string') return errno;
  return undefined;
}

/** True for the Bot API's "message is not modified" answer to an edit that changes nothing. */
export function isNotModified(err: unknown): boolean {
  return err instanceof PlatformError && err.kind === 'bad-request' && /message is not modified/i.test(err.message);
}

/** Maps anything a telegraf call threw to a PlatformError (already-mapped errors pass through). */
export function toPlatformError(err: unknown): PlatformError {
  if (err instanceof PlatformError) return err;
  const api = apiErrorSchema.safeParse(err);
  if (api.success) {
    const { error_code: status, description = '', parameters } = api.data.response;
    const message = redactToken(`Telegram ${status}: ${description}`.trim());
    if (status === 429) {
      const retryAfterMs = Math.max(1, parameters?.retry_after ?? 5) * 1000;
      return new PlatformError('rate-limited', message, { status, retryAfterMs });
    }
    if (parameters?.migrate_to_chat_id !== undefined) {
      const newConversationId = formatConversation({ platform: 'telegram', id: String(parameters.migrate_to_chat_id) });
      return new PlatformError('migrated', message, { status, newConversationId });
    }
    if (status === 403 || status === 401) return new PlatformError('forbidden', message, { status });
    if (status === 404 || (status === 400 && /not found/i.test(description))) return new PlatformError('not-found', message, { status });
    if (status >= 500) return new PlatformError('transient', message, { status });
    return new PlatformError('bad-request', message, { status });
  }
  const name = err instanceof Error ? err.name : '';
  const code = errorCode(err);
  const text = redactToken(err instanceof Error ? err.message : String(err));
  if (name === 'FetchError' || name === 'AbortError' || name === 'TimeoutError' || (code && NETWORK_CODES.has(code))) {
    return new PlatformError('transient', `Telegram unreachable: ${text}`, code ? { code } : {});
  }
  return new PlatformError('transient', `Telegram call failed: ${text}`, { code: 'unknown' });
}
