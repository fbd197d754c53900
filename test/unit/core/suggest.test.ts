import { describe, expect, it } from 'vitest';
import { closestMatches, didYouMean, editDistance, normalizeText } from '../../../src/core/suggest.js';

describe('suggest', () => {
  it('computes edit distance', () => {
    expect(editDistance('shenzen', 'shenzhen')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
  });
  it('normalises case, accents, width and punctuation', () => {
    expect(normalizeText('  Côte-d’Ivoire ')).toBe('cote divoire');
    expect(normalizeText('ＣＨＩＮＡ')).toBe('china');
  });
  it('finds close matches, best first, and nothing for unrelated input', () => {
    expect(closestMatches('Chna', ['China', 'India', 'Chile'])[0]).toBe('China');
    expect(closestMatches('Atlantis', ['China', 'India', 'Jamaica'])).toEqual([]);
  });
  it('phrases suggestions', () => {
    expect(didYouMean([])).toBe('');
    expect(didYouMean(['a', 'b'])).toBe(' Did you mean a or b?');
  });
});
