import { describe, expect, it } from 'vitest';
import { fetchFeed, FetchError } from '../../../src/news/fetch.js';
import { guardedLookup, isLinkLocalOrMetadata, SsrfBlockedError } from '../../../src/news/ssrf.js';

/** Runs guardedLookup once and returns the error or the address it chose. */
function lookupWith(allowPrivate: boolean, address: string, family = 4): Promise<Error | string> {
  const lookup = guardedLookup({ allowPrivate, resolve: async () => [{ address, family }] });
  return new Promise((resolve) => lookup('feeds.test', {}, (err, addr) => resolve(err ?? String(addr))));
}

describe('link-local and cloud metadata stay blocked with FEEDS_ALLOW_PRIVATE_NETWORKS', () => {
  it.each([
    '169.254.169.254',
    '169.254.0.1',
    '100.100.100.200',
    '168.63.129.16',
    'fe80::1',
    'fd00:ec2::254',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a9fe:a9fe',
    'fe80::1%eth0',
  ])('refuses %s', async (ip) => {
    expect(isLinkLocalOrMetadata(ip)).toBe(true);
    expect(await lookupWith(true, ip, ip.includes(':') ? 6 : 4)).toBeInstanceOf(SsrfBlockedError);
  });

  it.each(['127.0.0.1', '10.0.0.5', '192.168.1.10', 'fd12::1', '::1', '8.8.8.8'])('still lets %s through when private networks are allowed', async (ip) => {
    expect(isLinkLocalOrMetadata(ip)).toBe(false);
    expect(await lookupWith(true, ip, ip.includes(':') ? 6 : 4)).toBe(ip);
  });

  it('refuses a metadata IP literal in a feed URL even with private networks allowed', async () => {
    const err = await fetchFeed('http://169.254.169.254/latest/meta-data/', { allowPrivateNetworks: true, timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).code).toBe('ssrf-blocked');
  });
});
