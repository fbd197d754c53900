import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalUrl, cleanTitle, htmlToText, normalizeItem, parseDate } from '../../../src/news/normalize.js';
import { FeedParseError, parseFeedBytes, parseFeedText } from '../../../src/news/parse.js';
import { renderFixture } from '../../fakes/feed-server.js';

function parseError(fn: () => unknown): FeedParseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FeedParseError);
    return e as FeedParseError;
  }
  throw new Error('expected a FeedParseError');
}

describe('parse', () => {
  it('reads RSS 2.0, Atom and JSON Feed', () => {
    const rss = parseFeedText(renderFixture('outlet-a.rss.xml'));
    expect(rss.format).toBe('rss');
    expect(rss.items).toHaveLength(3);
    expect(rss.items[0]).toMatchObject({ guid: 'outlet-a-1001', title: 'PBoC expands e-CNY pilot to six more cities' });
    const atom = parseFeedText(renderFixture('outlet-b.atom.xml'));
    expect(atom.format).toBe('atom');
    expect(atom.items[0]?.link).toContain('outlet-b.example/2024/ecny-pilot-six-cities');
    const json = parseFeedText(renderFixture('outlet-c.feed.json'));
    expect(json.format).toBe('json');
    expect(json.items[0]).toMatchObject({ guid: 'c-501', title: '数字人民币试点再扩围' });
  });

  it('refuses billion-laughs and external entities before parsing', () => {
    expect(parseError(() => parseFeedText(renderFixture('billion-laughs.xml'))).code).toBe('entity-declaration');
    expect(parseError(() => parseFeedText(renderFixture('xxe.xml'))).code).toBe('entity-declaration');
  });

  it('reports HTML pages, broken XML and invalid UTF-8 as errors', () => {
    expect(parseError(() => parseFeedText(renderFixture('not-a-feed.html'))).code).toBe('not-a-feed');
    expect(['malformed', 'not-a-feed']).toContain(parseError(() => parseFeedText(renderFixture('broken.xml'))).code);
    const bad = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?><rss><channel><title>'), Buffer.from([0xc3, 0x28]), Buffer.from('</title></channel></rss>')]);
    expect(parseError(() => parseFeedBytes(bad)).code).toBe('bad-encoding');
    expect(parseError(() => parseFeedText('{"not":"a feed"}')).code).toBe('not-a-feed');
  });

  it('decodes a declared legacy charset', () => {
    const latin = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>t</title><item><title>Caf\xe9 e-CNY</title><link>https://x.example/1</link></item></channel></rss>', 'latin1');
    expect(parseFeedBytes(latin).items[0]?.title).toBe('Café e-CNY');
  });

  it('refuses oversized documents', () => {
    expect(parseError(() => parseFeedBytes(Buffer.alloc(2048, 'a'), { maxBytes: 1024 })).code).toBe('too-large');
  });
});

describe('normalize', () => {
  it('canonicalizes URLs: case, tracking parameters, fragments, www', () => {
    expect(canonicalUrl('HTTPS://WWW.Example.COM:443/a/b/?utm_source=x&b=2&a=1&fbclid=z#frag')).toBe('https://example.com/a/b?a=1&b=2');
    expect(canonicalUrl('https://example.com/a?utm_medium=rss')).toBe(canonicalUrl('https://example.com/a'));
    expect(canonicalUrl('javascript:alert(1)')).toBeUndefined();
  });

  it('turns HTML into plain text with no markup left', () => {
    expect(htmlToText('<p>Hello <b>world</b></p><script>evil()</script>&amp; more')).toBe('Hello world & more');
    expect(htmlToText('&lt;script&gt;alert(1)&lt;/script&gt;safe')).toBe('safe');
    expect(htmlToText('<img src=x onerror=alert(1)>a <i>unbalanced')).toBe('a unbalanced');
  });

  it('never lets a tag survive (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '/', 'a', 'b', 's', 'c', 'r', 'i', 'p', 't', ' ', '&', ';', 'l', 'g', '=', '"') }), (s) => {
        const out = htmlToText(s);
        expect(out).not.toMatch(/<[a-zA-Z/]/);
      }),
      { numRuns: 500 },
    );
  });

  it('cleans hostile titles: mass mentions, tags, length', () => {
    const t = cleanTitle('@everyone e-CNY giveaway @here now');
    expect(t).not.toMatch(/@everyone|@here/);
    expect(t).toContain('e-CNY giveaway');
    expect(cleanTitle('<script>alert("x")</script>Digital yuan <b>unbalanced <i>tags')).toBe('Digital yuan unbalanced tags');
    expect(cleanTitle('CBDC '.repeat(200)).length).toBeLessThanOrEqual(300);
  });

  it('falls back to first-seen for missing or future dates', () => {
    const now = new Date('2025-01-10T00:00:00Z');
    expect(parseDate('Thu, 09 Jan 2025 10:00:00 GMT', now)).toBe('2025-01-09T10:00:00.000Z');
    expect(parseDate('2030-01-01T00:00:00Z', now)).toBeUndefined();
    const item = normalizeItem({ title: 'x y', link: '/rel/path?utm_source=a', published: 'garbage' }, { sourceId: 's', feedUrl: 'https://Feeds.example/rss', now });
    expect(item).toMatchObject({ url: 'https://feeds.example/rel/path?utm_source=a', canonicalUrl: 'https://feeds.example/rel/path', publishedAt: now.toISOString() });
    expect(normalizeItem({ title: 'no link' }, { sourceId: 's', feedUrl: 'https://f.example/', now })).toBeUndefined();
  });
});
