import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed, FetchError, HostLimiter } from '../../../src/news/fetch.js';
import { isForbiddenAddress } from '../../../src/news/ssrf.js';
import { startFeedServer, type FeedServer } from '../../fakes/feed-server.js';

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});

const allow = { allowPrivateNetworks: true } as const;

async function failure(p: Promise<unknown>): Promise<FetchError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(FetchError);
  return e as FetchError;
}

describe('isForbiddenAddress', () => {
  it.each(['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.100.100.200', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00:ec2::254', '::ffff:127.0.0.1', '::ffff:7f00:1', '224.0.0.1', 'not-an-ip'])(
    'refuses %s',
    (ip) => expect(isForbiddenAddress(ip)).toBe(true),
  );
  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows public %s', (ip) => expect(isForbiddenAddress(ip)).toBe(false));
});

describe('fetchFeed', () => {
  it('fetches a feed and honours ETag with a 304', async () => {
    const first = await fetchFeed(`${server.url}/outlet-a.rss.xml`, allow);
    expect(first.kind).toBe('ok');
    if (first.kind !== 'ok') return;
    expect(first.body.toString()).toContain('e-CNY');
    expect(first.etag).toBeTruthy();
    const second = await fetchFeed(`${server.url}/outlet-a.rss.xml`, { ...allow, etag: first.etag! });
    expect(second.kind).toBe('not-modified');
    expect(server.notModified.get('/outlet-a.rss.xml')).toBe(1);
  });

  it('decodes gzip', async () => {
    const r = await fetchFeed(`${server.url}/gzip.rss.xml`, allow);
    expect(r.kind === 'ok' && r.body.toString().includes('<rss')).toBe(true);
  });

  it('caps the body size, streamed or declared', async () => {
    expect((await failure(fetchFeed(`${server.url}/huge`, { ...allow, maxBytes: 1024 * 1024 }))).code).toBe('too-large');
    expect((await failure(fetchFeed(`${server.url}/huge-declared`, { ...allow, maxBytes: 1024 * 1024 }))).code).toBe('too-large');
  });

  it('gives up on a response that never finishes at the deadline', async () => {
    expect((await failure(fetchFeed(`${server.url}/never-ends`, { ...allow, timeoutMs: 300 }))).code).toBe('timeout');
  });

  it('limits redirects and reports HTTP errors', async () => {
    expect((await failure(fetchFeed(`${server.url}/redirect-loop`, { ...allow, maxRedirects: 3 }))).code).toBe('too-many-redirects');
    const e = await failure(fetchFeed(`${server.url}/status/503`, allow));
    expect(e.code).toBe('http-status');
    expect(e.status).toBe(503);
  });

  it('refuses non-http schemes and credentials', async () => {
    expect((await failure(fetchFeed('file:///etc/passwd'))).code).toBe('bad-url');
    expect((await failure(fetchFeed('http://user:pw@example.com/feed'))).code).toBe('bad-url');
  });
});

describe('SSRF guard (FEEDS_ALLOW_PRIVATE_NETWORKS off)', () => {
  it('refuses a feed on 127.0.0.1 without connecting', async () => {
    const before = server.hits.get('/outlet-a.rss.xml') ?? 0;
    expect((await failure(fetchFeed(`${server.url}/outlet-a.rss.xml`))).code).toBe('ssrf-blocked');
    expect(server.hits.get('/outlet-a.rss.xml') ?? 0).toBe(before);
  });

  it.each(['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/feed', 'http://[::1]/feed', 'http://0x7f000001/feed'])('refuses %s', async (url) => {
    expect((await failure(fetchFeed(url, { timeoutMs: 2000 }))).code).toBe('ssrf-blocked');
  });

  // "feeds.test" stands for a public host: it resolves to the local server and the policy trusts
  // it by name. Every other host is judged by the real policy — so the redirect hop is re-checked.
  const resolve = async (host: string) => [{ address: host === 'feeds.test' || host === 'sneaky.test' ? '127.0.0.1' : host, family: 4 }];
  const isForbidden = (ip: string, host: string): boolean => host !== 'feeds.test' && isForbiddenAddress(ip);
  const via = (target: string): string => `http://feeds.test:${server.port}/redirect-to?url=${encodeURIComponent(target)}`;

  it('follows a redirect between public hosts', async () => {
    const r = await fetchFeed(via(`http://feeds.test:${server.port}/outlet-a.rss.xml`), { resolve, isForbidden });
    expect(r.kind).toBe('ok');
  });

  it.each([
    ['loopback literal', () => `http://127.0.0.1:${server.port}/outlet-a.rss.xml`],
    ['metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['a hostname resolving to loopback', () => `http://sneaky.test:${server.port}/outlet-a.rss.xml`],
  ])('refuses a redirect to a %s', async (_name, target) => {
    const before = server.hits.get('/outlet-a.rss.xml') ?? 0;
    expect((await failure(fetchFeed(via(target()), { resolve, isForbidden, timeoutMs: 2000 }))).code).toBe('ssrf-blocked');
    expect(server.hits.get('/outlet-a.rss.xml') ?? 0).toBe(before);
  });

  it('refuses a hostname that resolves to loopback (localhost)', async () => {
    expect((await failure(fetchFeed(`http://localhost:${server.port}/outlet-a.rss.xml`))).code).toBe('ssrf-blocked');
  });
});

describe('HostLimiter', () => {
  it('runs at most N tasks per host at once', async () => {
    const lim = new HostLimiter(2);
    let peak = 0;
    let active = 0;
    const task = async (): Promise<void> => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setImmediate(r));
      active--;
    };
    await Promise.all(Array.from({ length: 8 }, () => lim.run('a.example', task)));
    expect(peak).toBe(2);
    expect(lim.activeFor('a.example')).toBe(0);
  });
});
