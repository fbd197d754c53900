import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LINK_URL, safeHttpUrl, sanitizeText } from '../../../src/core/text-safety.js';

describe('sanitizeText', () => {
  it('removes controls and bidi overrides, keeps newlines, tabs and ordinary text', () => {
    expect(sanitizeText('a\u0000b\u001b[31mc\u0007\td\r\ne')).toBe('ab[31mc\td\ne');
    expect(sanitizeText('evil\u202Etxt.exe \u2066x\u2069')).toBe('eviltxt.exe x');
    expect(sanitizeText('北京 — e-CNY 🚀')).toBe('北京 — e-CNY 🚀');
  });
  it('replaces lone surrogates', () => {
    expect(sanitizeText('a\ud800b')).toBe('a\ufffdb');
  });
  it('never leaves an unsafe character, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        // eslint-disable-next-line no-control-regex
        expect(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(sanitizeText(s))).toBe(false);
      }),
    );
  });
});

describe('safeHttpUrl', () => {
  it('accepts absolute http(s) URLs', () => {
    expect(safeHttpUrl(' https://example.org/a?b=1 ')).toBe('https://example.org/a?b=1');
    expect(safeHttpUrl('http://example.org')).toBe('http://example.org/');
  });
  it.each(['javascript:alert(1)', 'data:text/html,x', '/relative', 'ftp://x.org', 'https://user:pw@x.org/', 'https://x.org/a b', 'https://x.org/"><script>', ''])(
    'refuses %s',
    (u) => {
      expect(safeHttpUrl(u)).toBeUndefined();
    },
  );
  it('refuses over-long URLs', () => {
    expect(safeHttpUrl(`https://x.org/${'a'.repeat(MAX_LINK_URL)}`)).toBeUndefined();
  });
});
