import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { redisAnswers } from '../helpers/redis.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('test helper: Redis check', () => {
  it('sees a listening server and a closed port', async () => {
    const server = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    expect(await redisAnswers(`redis://127.0.0.1:${port}`)).toBe(true);
    await new Promise((r) => server.close(r));
    expect(await redisAnswers(`redis://127.0.0.1:${port}`)).toBe(false);
  });

  it('outside CI, a missing server skips with one line naming Redis', async () => {
    vi.stubEnv('CI', '');
    vi.stubEnv('REDIS_URL', 'redis://127.0.0.1:1');
    const { redisEnabled } = await import('../helpers/redis.js');
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    try {
      expect(await redisEnabled()).toBe(false);
      expect(await redisEnabled()).toBe(false);
    } finally {
      spy.mockRestore();
    }
    expect(lines).toEqual(['Redis suites skipped: no Redis answers at redis://127.0.0.1:1 (start redis-server or set REDIS_URL to run them)\n']);
  });

  it('in CI it never skips, so a missing server fails the suites', async () => {
    vi.stubEnv('CI', 'true');
    vi.stubEnv('REDIS_URL', 'redis://127.0.0.1:1');
    const { redisEnabled } = await import('../helpers/redis.js');
    expect(await redisEnabled()).toBe(true);
  });
});
