import { describe, expect, it } from 'vitest';
import { Classifier, foldText } from '../../../src/news/classify.js';
import { jaccard, TitleIndex, titleTokens } from '../../../src/news/dedupe.js';
import { parseTopicsConfig } from '../../../src/news/topics-config.js';

const H = 3600_000;

describe('TitleIndex', () => {
  it('matches near-identical titles from another source within the window', () => {
    const idx = new TitleIndex({ windowMs: 72 * H });
    idx.add('s1', 'PBoC expands e-CNY pilot to six more cities', ['a'], 0);
    expect(idx.findDuplicate('PBoC expands e-CNY pilot to six more cities!', 'b', 5 * H)).toBe('s1');
    expect(idx.findDuplicate('PBoC Expands e-CNY Pilot To Six More Cities', 'b', 5 * H)).toBe('s1');
    // same source: an outlet's own follow-up is not merged
    expect(idx.findDuplicate('PBoC expands e-CNY pilot to six more cities!', 'a', 5 * H)).toBeUndefined();
    // outside the window
    expect(idx.findDuplicate('PBoC expands e-CNY pilot to six more cities', 'b', 80 * H)).toBeUndefined();
    // a different story
    expect(idx.findDuplicate('PBoC pauses e-CNY wallet rollout in Beijing', 'b', H)).toBeUndefined();
  });

  it('handles Chinese titles by character bigrams', () => {
    expect(titleTokens('数字人民币试点').size).toBeGreaterThan(3);
    const idx = new TitleIndex();
    idx.add('z', '数字人民币试点再扩围至六个城市', ['c'], 0);
    expect(idx.findDuplicate('数字人民币试点再扩围至六个城市！', 'd', H)).toBe('z');
    expect(idx.findDuplicate('香港发布稳定币发牌制度', 'd', H)).toBeUndefined();
  });

  it('prunes stories older than the window', () => {
    const idx = new TitleIndex({ windowMs: 10 * H });
    idx.add('old', 'alpha beta gamma delta', ['a'], 0);
    idx.prune(20 * H);
    expect(idx.size).toBe(0);
    expect(jaccard(new Set(['a', 'b']), new Set(['a', 'b']))).toBe(1);
  });
});

describe('Classifier', () => {
  const c = new Classifier(
    parseTopicsConfig({
      topics: [
        { id: 'cbdc', label: 'CBDCs', keywords: [{ term: 'e-CNY', weight: 2 }, 'digital yuan', { term: '数字人民币', weight: 2 }] },
        { id: 'china-blockchain', label: 'China blockchain', keywords: ['BSN', '区块链'] },
      ],
    }),
  );

  it('tags English and Chinese stories with scores, best first', () => {
    expect(c.classify('PBoC expands e-CNY pilot')).toEqual([{ topic: 'cbdc', score: 4 }]);
    expect(c.classify('数字人民币 and 区块链')[0]?.topic).toBe('cbdc');
    expect(c.classify('Nothing relevant here')).toEqual([]);
  });

  it('is case- and width-insensitive', () => {
    expect(foldText('ｅ－ＣＮＹ')).toBe('e-cny');
    expect(c.classify('ＤＩＧＩＴＡＬ ＹＵＡＮ news').map((t) => t.topic)).toEqual(['cbdc']);
    expect(c.classify('E-cny')).toHaveLength(1);
  });

  it('matches English terms as whole words only', () => {
    expect(c.classify('Absnt results')).toEqual([]);
    expect(c.classify('BSN opens portal').map((t) => t.topic)).toEqual(['china-blockchain']);
  });

  it('needs the minimum score: one summary mention of a weight-1 term is not enough', () => {
    expect(c.classify('Unrelated title', 'mentions digital yuan once')).toEqual([]);
    expect(c.classify('Unrelated title', 'digital yuan and digital yuan again')).toHaveLength(1);
  });

  it('treats keyword text literally (no regex from config)', () => {
    const r = new Classifier(parseTopicsConfig({ topics: [{ id: 't', label: 'T', keywords: ['(a+)+$', '.*'] }] }));
    expect(r.classify('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')).toEqual([]);
    expect(r.classify('literal (a+)+$ text').map((t) => t.topic)).toEqual(['t']);
  });
});
