/** The fake Discord server itself (raw HTTP): global 50 req/s, enforce_nonce, injected channel faults. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeDiscord, snowflake } from '../../fakes/discord-server.js';

const TOKEN = 'fake-token-for-the-fake';
let fake: FakeDiscord;

async function post(body: object, channelId = fake.channelId, signal?: AbortSignal): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${fake.apiUrl}/v10/channels/${channelId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bot ${TOKEN}` },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

beforeEach(async () => {
  fake = await FakeDiscord.start({ token: TOKEN });
});
afterEach(async () => {
  await fake.close();
});

describe('fake Discord: global rate limit (on by default)', () => {
  it('accepts 50 requests per second, then answers a global 429 with retry_after in seconds', async () => {
    const results = await Promise.all(Array.from({ length: 51 }, (_, i) => post({ content: `m${i}` })));
    const limited = results.filter((r) => r.status === 429);
    expect(results.filter((r) => r.status === 200)).toHaveLength(50);
    expect(limited).toHaveLength(1);
    expect(limited[0]!.body).toMatchObject({ global: true, retry_after: expect.any(Number) });
    expect(limited[0]!.body.retry_after as number).toBeGreaterThan(0);
    expect(limited[0]!.body.retry_after as number).toBeLessThanOrEqual(1);
    expect(limited[0]!.headers.get('x-ratelimit-global')).toBe('true');
    expect(fake.globalRejections).toBe(1);
  });

  it('can be switched off', async () => {
    fake.globalPerSecond = false;
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => post({ content: `m${i}` })));
    expect(results.every((r) => r.status === 200)).toBe(true);
  });
});

describe('fake Discord: enforce_nonce', () => {
  it('returns the original message for a repeated nonce instead of posting again', async () => {
    const first = await post({ content: 'a', nonce: 'n-1', enforce_nonce: true });
    const again = await post({ content: 'a', nonce: 'n-1', enforce_nonce: true });
    expect(again.body.id).toBe(first.body.id);
    expect(fake.visibleMessages()).toHaveLength(1);
    expect(fake.nonceReplays).toBe(1);
    // Without enforce_nonce, or with another nonce, it posts.
    await post({ content: 'a', nonce: 'n-1' });
    await post({ content: 'a', nonce: 'n-2', enforce_nonce: true });
    expect(fake.visibleMessages()).toHaveLength(3);
    expect((await post({ content: 'a', nonce: 'x'.repeat(26), enforce_nonce: true })).status).toBe(400);
  });
});

describe('fake Discord: channel faults', () => {
  it('injects 500, 403 50013/50001, 404 10003 and 400 for one channel, once each', async () => {
    const other = snowflake();
    fake.channels.add(other);
    const cases = [
      ['server-error', 500, 0],
      ['missing-permissions', 403, 50013],
      ['missing-access', 403, 50001],
      ['unknown-channel', 404, 10003],
      ['bad-request', 400, 50035],
    ] as const;
    for (const [fault, status, code] of cases) {
      fake.failChannel(fake.channelId, fault);
      expect((await post({ content: 'x' }, other)).status).toBe(200);
      const r = await post({ content: 'x' });
      expect([r.status, r.body.code], fault).toEqual([status, code]);
      expect((await post({ content: 'x' })).status).toBe(200);
    }
  });

  it('hangs a request until the client gives up', async () => {
    fake.failChannel(fake.channelId, 'hang');
    const hung = await post({ content: 'x' }, fake.channelId, AbortSignal.timeout(300)).catch((e: unknown) => e);
    expect(hung).toBeInstanceOf(Error);
    expect(fake.visibleMessages()).toHaveLength(0);
  });
});
