/** discord.js REST errors → the core's PlatformError kinds. */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { describeError, toPlatformError } from '../../../src/adapters/discord/errors.js';

const req = { body: undefined, files: undefined };
const api = (status: number, code: number, message = 'x') =>
  new DiscordAPIError({ code, message }, code, status, 'POST', 'https://discord.com/api/v10/webhooks/1/secret-token', req);

describe('Discord error mapping', () => {
  it('maps permission, missing-channel, server and request errors', () => {
    expect(toPlatformError(api(403, 50013))).toMatchObject({ kind: 'forbidden', details: { status: 403, code: 50013 } });
    expect(toPlatformError(api(403, 50001))).toMatchObject({ kind: 'forbidden' });
    expect(toPlatformError(api(404, 10003))).toMatchObject({ kind: 'not-found', details: { code: 10003 } });
    expect(toPlatformError(api(400, 50035))).toMatchObject({ kind: 'bad-request' });
    expect(toPlatformError(api(500, 0))).toMatchObject({ kind: 'transient' });
    expect(toPlatformError(new HTTPError(503, 'Service Unavailable', 'POST', 'u', req))).toMatchObject({ kind: 'transient', details: { status: 503 } });
    expect(toPlatformError(new Error('ECONNRESET'))).toMatchObject({ kind: 'transient' });
  });

  it('maps rate limits with the wait to honour', () => {
    const rl = new RateLimitError({
      timeToReset: 0,
      limit: 5,
      method: 'POST',
      hash: 'h',
      url: 'u',
      route: '/channels/:id/messages',
      majorParameter: '1',
      global: false,
      retryAfter: 1500,
      sublimitTimeout: 0,
      scope: 'user',
    });
    const p = toPlatformError(rl);
    expect(p).toMatchObject({ kind: 'rate-limited', details: { retryAfterMs: 1500 } });
    expect(p.retryable).toBe(true);
    const body = new DiscordAPIError({ code: 0, message: 'slow down', retry_after: 2.5 } as never, 0, 429, 'POST', 'u', req);
    expect(toPlatformError(body)).toMatchObject({ kind: 'rate-limited', details: { retryAfterMs: 2500 } });
  });

  it('describes errors without URLs (which may hold interaction tokens)', () => {
    expect(JSON.stringify(describeError(api(403, 50013)))).not.toContain('secret-token');
  });
});
