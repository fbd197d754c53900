import { createServer } from 'node:net';
import { Telegram } from 'telegraf';
import { describe, expect, it } from 'vitest';
import { telegrafApi } from '../../../src/adapters/telegram/api.js';
import { isNotModified, redactToken, rememberTokenForRedaction, toPlatformError } from '../../../src/adapters/telegram/errors.js';
import { PlatformError } from '../../../src/core/errors.js';

/** The shape telegraf's TelegramError has (`response` is the Bot API error body). */
function apiError(error_code: number, description: string, parameters?: object): Error {
  return Object.assign(new Error(`${error_code}: ${description}`), { response: { ok: false, error_code, description, ...(parameters ? { parameters } : {}) } });
}

describe('toPlatformError', () => {
  it('maps 429 with retry_after to rate-limited with milliseconds', () => {
    const e = toPlatformError(apiError(429, 'Too Many Requests: retry after 7', { retry_after: 7 }));
    expect(e.kind).toBe('rate-limited');
    expect(e.details.retryAfterMs).toBe(7000);
    expect(e.retryable).toBe(true);
  });

  it('maps migrate_to_chat_id to migrated with the new conversation', () => {
    const e = toPlatformError(apiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1001234 }));
    expect(e.kind).toBe('migrated');
    expect(e.details.newConversationId).toBe('telegram:-1001234');
  });

  it('maps 403 blocked/kicked to forbidden and 400 chat not found to not-found', () => {
    expect(toPlatformError(apiError(403, 'Forbidden: bot was blocked by the user')).kind).toBe('forbidden');
    expect(toPlatformError(apiError(403, 'Forbidden: bot was kicked from the group chat')).kind).toBe('forbidden');
    expect(toPlatformError(apiError(400, 'Bad Request: chat not found')).kind).toBe('not-found');
    expect(toPlatformError(apiError(400, "Bad Request: can't parse entities")).kind).toBe('bad-request');
    expect(toPlatformError(apiError(502, 'Bad Gateway')).kind).toBe('transient');
  });

  it('recognises "message is not modified"', () => {
    expect(isNotModified(toPlatformError(apiError(400, 'Bad Request: message is not modified: same')))).toBe(true);
    expect(isNotModified(toPlatformError(apiError(400, 'Bad Request: chat not found')))).toBe(false);
  });

  it('passes PlatformErrors through and never leaks a bot token', () => {
    const p = new PlatformError('forbidden', 'x');
    expect(toPlatformError(p)).toBe(p);
    const e = toPlatformError(new Error('request to http://h/bot123456789:AAbbCCddEEffGGhhIIjjKKllMMnn/sendMessage failed'));
    expect(e.message).not.toContain('AAbbCCdd');
    expect(redactToken('123456789:AAbbCCddEEffGGhhIIjjKKllMMnn')).toBe('[redacted]');
  });

  it('redacts short bot tokens in URL paths and anywhere in text, and leaves ordinary text alone', () => {
    const token = '123456789:fake-test-token';
    expect(redactToken(`request to http://127.0.0.1:8081/bot${token}/getMe failed`)).toBe('request to http://127.0.0.1:8081/bot[redacted]/getMe failed');
    expect(redactToken(`token ${token} leaked`)).toBe('token [redacted] leaked');
    expect(redactToken('/bot42:x/sendMessage')).toBe('/bot[redacted]/sendMessage');
    expect(redactToken('Telegram 429: Too Many Requests: retry after 7 at 12:30, port 127.0.0.1:8081')).toBe(
      'Telegram 429: Too Many Requests: retry after 7 at 12:30, port 127.0.0.1:8081',
    );
  });

  it('redacts exactly the configured token, whatever its form', () => {
    const odd = 'not-a-usual/token+form';
    expect(redactToken(`oops ${odd} here`)).toContain(odd);
    rememberTokenForRedaction(odd);
    expect(redactToken(`oops ${odd} here`)).toBe('oops [redacted] here');
    expect(toPlatformError(new Error(`failed with ${odd}`)).message).not.toContain(odd);
  });

  it('maps a real network failure through telegraf to transient', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const token = '123456789:fake-test-token';
    const api = telegrafApi(new Telegram(token, { apiRoot: `http://127.0.0.1:${port}` }));
    const err = await api.sendHtml(1, 'hi').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).kind).toBe('transient');
    // The request URL (which carries the token) is in the underlying error: it must be redacted.
    expect((err as PlatformError).message).toContain('[redacted]');
    expect((err as PlatformError).message).not.toContain(token);
    expect((err as PlatformError).message).not.toContain('fake-test-token');
  });
});
