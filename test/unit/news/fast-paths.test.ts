/**
 * The optimised pipeline functions against the straightforward versions (./reference.ts): same
 * results on generated input, including the inputs the fast paths single out (ASCII vs Unicode,
 * markup vs plain text, URLs with and without query, fragment, www, trailing slash).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Classifier, foldText } from '../../../src/news/classify.js';
import { shortHash, storyIdFor, TitleIndex, titleTokens, urlIdentity, urlKey } from '../../../src/news/dedupe.js';
import { canonicalUrl, cleanUrl, htmlToText, urlForms } from '../../../src/news/normalize.js';
import { parseTopicsConfig } from '../../../src/news/topics-config.js';
import { loadTopicsConfig } from '../../../src/news/topics-config.js';
import { refBestSimilarity, refCanonicalUrl, refCleanUrl, refClassify, refFoldText, refHtmlToText, refJaccard, refTitleTokens } from './reference.js';

const H = 3600_000;

/** Text made of keyword fragments, words that nearly match them, separators and odd characters. */
function textFrom(pieces: readonly string[]): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...pieces) },
    { weight: 2, arbitrary: fc.constantFrom(' ', ' ', '-', '—', '\u2212', "'", '’', '.', ',', '\t', '\n', '(', ')', '/', '1', '0') },
    { weight: 1, arbitrary: fc.constantFrom('a', 'x', 's', 'é', 'Ｅ', 'ｅ－ＣＮＹ', '区', '链', '数字', 'Σ', 'İ', 'ﬁ', '\u00a0') },
  );
  return fc.array(piece, { maxLength: 30 }).map((a) => a.join(''));
}

describe('Classifier fast path', () => {
  it('scores exactly like searching every keyword (property, real topic rules)', async () => {
    const rules = await loadTopicsConfig('config/topics.yaml');
    const c = new Classifier(rules);
    const terms = rules.flatMap((r) => r.keywords.map((k) => k.term));
    const pieces = [...terms, ...terms.map((t) => t.toUpperCase()), ...terms.map((t) => `x${t}`), ...terms.map((t) => `${t}s`), 'e', 'cny', 'bank', 'digital'];
    fc.assert(
      fc.property(textFrom(pieces), textFrom(pieces), (title, summary) => {
        expect(c.classify(title, summary)).toEqual(refClassify(rules, title, summary));
      }),
      { numRuns: 1500 },
    );
  });

  it('handles keywords that begin with punctuation, overlap themselves or repeat across topics', () => {
    const rules = parseTopicsConfig({
      topics: [
        { id: 'p', label: 'P', keywords: ["'s bank", '(a+)+$', 'a a', 'aa', { term: 'e-cny', weight: 2 }] },
        { id: 'q', label: 'Q', keywords: ['a a', 'E-CNY', 'cny', '数字'] },
      ],
    });
    const c = new Classifier(rules);
    const pieces = ["'s bank", 'people', '(a+)+$', 'a', 'aa', 'a a', 'e', 'cny', 'e-cny', '数字', '数'];
    fc.assert(
      fc.property(textFrom(pieces), textFrom(pieces), (title, summary) => {
        expect(c.classify(title, summary)).toEqual(refClassify(rules, title, summary));
      }),
      { numRuns: 1500 },
    );
    expect(c.classify('ba a a')).toEqual(refClassify(rules, 'ba a a'));
  });

  it('folds text exactly as before (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), textFrom(['Digital', 'YUAN'])), (s) => {
        expect(foldText(s)).toBe(refFoldText(s));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('TitleIndex fast path', () => {
  const words = ['pboc', 'PBoC', 'e-CNY', 'pilot', 'cities', 'six', 'more', 'the', 'of', "bank's", 'it’s', 'yuan', 'digital', '数字人民币', '试点', 'café', 'ﬁle', '2025', 'x'];
  const title = fc.array(fc.constantFrom(...words), { minLength: 0, maxLength: 9 }).map((a) => a.join(' '));

  it('tokenizes exactly as before, ASCII or not (property)', () => {
    fc.assert(
      fc.property(fc.oneof(title, fc.string(), fc.string({ unit: 'grapheme-ascii' })), (t) => {
        expect([...titleTokens(t)]).toEqual([...refTitleTokens(t)]);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds a duplicate exactly when brute force does, and one as similar as the best (property)', () => {
    const entry = fc.record({ title, source: fc.constantFrom('a', 'b', 'c'), time: fc.integer({ min: 0, max: 100 }).map((h) => h * H) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 25 }), entry, fc.constantFrom(0.5, 0.8, 0.75), (stored, probe, threshold) => {
        const windowMs = 72 * H;
        const idx = new TitleIndex({ windowMs, threshold });
        stored.forEach((e, i) => {
          const p = idx.prepare(e.title);
          idx.add(`s${i}`, i % 2 ? p : e.title, [e.source], e.time);
        });
        const best = refBestSimilarity(stored, probe.title, probe.source, probe.time, windowMs, threshold);
        for (const found of [idx.findDuplicate(probe.title, probe.source, probe.time), idx.findDuplicate(idx.prepare(probe.title), probe.source, probe.time)]) {
          if (best === 0) expect(found).toBeUndefined();
          else {
            expect(found).toBeDefined();
            const hit = stored[Number(found!.slice(1))]!;
            expect(refJaccard(refTitleTokens(probe.title), refTitleTokens(hit.title))).toBe(best);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('forgets pruned tokens and still matches titles added after a prune', () => {
    const idx = new TitleIndex({ windowMs: 10 * H });
    idx.add('old', 'alpha beta gamma delta', ['a'], 0);
    idx.prune(20 * H);
    idx.add('new', 'alpha beta gamma epsilon', ['a'], 20 * H);
    expect(idx.findDuplicate('alpha beta gamma epsilon', 'b', 21 * H)).toBe('new');
    expect(idx.findDuplicate('alpha beta gamma delta', 'b', 21 * H)).toBeUndefined();
  });

  it('keeps the earliest of equally similar candidates', () => {
    const idx = new TitleIndex();
    idx.add('first', 'one two three four five', ['a'], 0);
    idx.add('second', 'one two three four five', ['b'], 0);
    expect(idx.findDuplicate('one two three four five', 'c', H)).toBe('first');
  });
});

describe('identity hashes', () => {
  it('derives the story id and pointer key from one hash (property)', () => {
    fc.assert(
      fc.property(fc.webUrl(), (u) => {
        expect(urlIdentity(u)).toEqual({ id: storyIdFor(u), key: urlKey(u) });
        expect(urlIdentity(u).key).toBe(`u:${shortHash(u, 22)}`);
      }),
      { numRuns: 100 },
    );
  });
});

describe('normalize fast paths', () => {
  it('htmlToText gives the same text as the full sequence of passes (property)', () => {
    const unit = fc.constantFrom('<', '>', '/', 'a', 'b', 's', 'c', 'r', 'i', 'p', 't', ' ', '&', ';', 'l', 'g', '=', '"', '!', '[', ']', '-', 'CDATA', 'amp', '#60', '\u202e', '\n', 'é');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit }), fc.string(), fc.string({ unit: fc.constantFrom('a', ' ', '>', '\t', 'x', '\u0007') })), fc.constantFrom(600, 20), (s, max) => {
        expect(htmlToText(s, max)).toBe(refHtmlToText(s, max));
      }),
      { numRuns: 2000 },
    );
  });

  it('urlForms equals cleanUrl then canonicalUrl on its result (property)', () => {
    const param = fc.tuple(fc.constantFrom('utm_source', 'UTM_medium', 'fbclid', 'a', 'b', 'ref', '__x', 'q', 'Feed', 'id'), fc.constantFrom('', '1', 'x y', '%20', 'é', '&', '=')).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
    const link = fc
      .tuple(
        fc.constantFrom('https://', 'http://', 'HTTPS://', 'ftp://', 'javascript:', '//', ''),
        fc.constantFrom('www.example.com', 'Example.COM.', 'user:pw@x.example', 'x.example:443', 'x.example:8080', '[::1]', 'www.', 'xn--caf-dma.example'),
        fc.constantFrom('', '/', '/a/', '/a/b', '/a//b/', '/%7e', '/a b', '/./x/../y/'),
        fc.array(param, { maxLength: 4 }),
        fc.constantFrom('', '?', '#', '#frag', '?#x'),
      )
      .map(([scheme, host, path, params, tail]) => `${scheme}${host}${path}${params.length ? `?${params.join('&')}` : ''}${tail}`);
    fc.assert(
      fc.property(fc.oneof(link, fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string()), fc.constantFrom(undefined, 'https://feeds.example/rss'), (raw, base) => {
        const cleaned = refCleanUrl(raw, base);
        const expected = cleaned === undefined ? undefined : { url: cleaned, canonicalUrl: refCanonicalUrl(cleaned) };
        expect(urlForms(raw, base)).toEqual(expected);
        expect(cleanUrl(raw, base)).toBe(cleaned);
        expect(canonicalUrl(raw, base)).toBe(refCanonicalUrl(raw, base));
      }),
      { numRuns: 2000 },
    );
  });
});
