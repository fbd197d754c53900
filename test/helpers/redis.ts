/**
 * Redis for tests: suites that need it ask redisEnabled() first. Outside CI a missing server skips
 * them with one line saying what is missing; in CI (CI=true, `.ci/run` starts Redis) it never skips.
 */
import net from 'node:net';

/** The Redis server tests use. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True when something accepts TCP connections at the URL's host and port within `timeoutMs`. */
export function redisAnswers(url: string = TEST_REDIS_URL, timeoutMs = 1000): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname || '127.0.0.1', port: Number(u.port || 6379) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

let announced = false;
/**
 * True when Redis suites should run. In CI they always run (a missing server then fails them
 * loudly); elsewhere, without a server, one line on stderr says they were skipped and why.
 */
export async function redisEnabled(): Promise<boolean> {
  if (process.env.CI === 'true' || process.env.CI === '1') return true;
  if (await redisAnswers()) return true;
  if (!announced) {
    announced = true;
    process.stderr.write(`Redis suites skipped: no Redis answers at ${TEST_REDIS_URL} (start redis-server or set REDIS_URL to run them)\n`);
  }
  return false;
}
