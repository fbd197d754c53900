import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderReply, ERROR_MARK } from '../../../src/adapters/telegram/render.js';
import { escapeAttr, escapeHtml, packBlocks } from '../../../src/adapters/telegram/html.js';
import { safeHttpUrl } from '../../../src/core/text-safety.js';
import type { Reply } from '../../../src/core/reply.js';
import { parseTelegramHtml } from '../../fakes/telegram-html.js';

/** Characters that never reach a user: controls, bidi embeddings/overrides/isolates, marks, BOM. */
// eslint-disable-next-line no-control-regex
const UNSHOWN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** Bidi controls that could make text read differently from what it is. */
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * What survives rendering, compared without whitespace (splits may fall on spaces and newlines)
 * and with - and _ folded (command mentions are written /city_rank on Telegram).
 */
function norm(s: string): string {
  return s.replace(UNSHOWN, '').replace(/[\s\u200b]+/g, '').replace(/-/g, '_'); // \u200b: broken @mentions
}

function visible(messages: string[]): string {
  return messages.map((m) => parseTelegramHtml(m).text).join('\n');
}

const hostile = fc.constantFrom(
  '<script>alert(1)</script>',
  '&amp;',
  '&lt;b&gt;',
  '<b>unclosed',
  '</i>',
  '<a href="javascript:alert(1)">x</a>',
  'AT&T <> "quotes" \'single\'',
  '&#x1F600; &#0; &nbsp;',
  '\u0000\u0007\u001b[31m',
  'invoice\u202Efdp.exe \u2066isolated\u2069 \u200fmark\ufeff',
  '北京 🚀 Ελληνικά',
  '\n\n\n',
  '',
);
const text = fc.oneof(fc.string({ maxLength: 300, unit: 'grapheme' }), hostile, fc.string({ minLength: 3000, maxLength: 10_000, unit: 'grapheme-ascii' }));
const url = fc.oneof(fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'https://x.test/?a=1&b="2"<3>', 'ftp://old.test/file', 'not a url'));
const source = fc.record({ title: text, url, publisher: fc.option(text, { nil: undefined }), date: fc.option(fc.constant('2024-05-01'), { nil: undefined }) }, { requiredKeys: ['title', 'url'] });
const item = fc.record(
  { text, date: fc.option(fc.constant('2020-09'), { nil: undefined }), source: fc.option(source, { nil: undefined }), status: fc.constantFrom(undefined, 'verified', 'disputed', 'unverified'), note: fc.option(text, { nil: undefined }) },
  { requiredKeys: ['text'] },
);
const reply: fc.Arbitrary<Reply> = fc.record(
  {
    title: text,
    text,
    sections: fc.array(fc.record({ title: fc.option(text, { nil: undefined }), items: fc.array(item, { maxLength: 6 }) }, { requiredKeys: ['items'] }), { maxLength: 3 }),
    fields: fc.array(fc.record({ name: text, value: text }), { maxLength: 3 }),
    sources: fc.array(source, { maxLength: 4 }),
    asOf: fc.constant('2024-05-01'),
    footer: text,
    kind: fc.constantFrom('answer', 'error'),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<Reply>;

function inputs(r: Reply): string[] {
  const out = [r.title, r.text, r.footer, ...(r.fields ?? []).flatMap((f) => [f.name, f.value])];
  for (const s of r.sections ?? []) out.push(s.title, ...s.items.flatMap((i) => [i.text, i.note]));
  return out.filter((s): s is string => typeof s === 'string');
}

describe('telegram renderer (property-based)', () => {
  it('always yields valid Telegram HTML within the limit, and loses no text', () => {
    fc.assert(
      fc.property(reply, fc.integer({ min: 400, max: 4096 }), (r, limit) => {
        const messages = renderReply(r, limit);
        expect(messages.length).toBeGreaterThan(0);
        for (const m of messages) {
          expect(m.length).toBeLessThanOrEqual(limit);
          const parsed = parseTelegramHtml(m); // throws on anything Telegram would refuse
          expect(parsed.text.trim().length).toBeGreaterThan(0);
          for (const link of parsed.links) expect(link).toMatch(/^https?:\/\//);
          expect(m).not.toMatch(BIDI);
        }
        const all = norm(visible(messages));
        for (const s of inputs(r)) expect(all).toContain(norm(s));
      }),
      { numRuns: 150 },
    );
  });
});

describe('telegram renderer (examples)', () => {
  it('escapes markup from data instead of interpreting it', () => {
    const [html] = renderReply({ title: '<script>alert(1)</script>', text: 'AT&T &amp; <b>bold?</b>' });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('AT&amp;T &amp;amp; &lt;b&gt;bold?&lt;/b&gt;');
    expect(parseTelegramHtml(html!).text).toContain('<script>alert(1)</script>');
    expect(parseTelegramHtml(html!).tags).toEqual(['b']);
  });

  it('shows sources as links, the as-of date, and flags disputed items with their note', () => {
    const [html] = renderReply({
      title: 'CBDC',
      sections: [{ items: [{ text: 'Claim', status: 'disputed', note: 'no delay was announced', date: '2020-02', source: { title: 'The Block', url: 'https://theblock.co/x?a=1&b=2' } }] }],
      sources: [{ title: 'BIS', url: "https://bis.org/a'b", publisher: 'BIS', date: '2024-01-01' }],
      asOf: '2024-05-01',
    });
    const parsed = parseTelegramHtml(html!);
    expect(parsed.links).toEqual(['https://theblock.co/x?a=1&b=2', "https://bis.org/a'b", 'https://theblock.co/x?a=1&b=2']);
    expect(html).toContain('href="https://theblock.co/x?a=1&amp;b=2"');
    expect(html).toContain(`href="https://bis.org/a'b"`);
    // Attribute values are quoted safely (a `"` in a URL is refused as a link anyway: see below).
    expect(escapeAttr('https://bis.org/a"b')).toBe('https://bis.org/a&quot;b');
    expect(parsed.text).toContain('DISPUTED: Claim (no delay was announced)');
    expect(parsed.text).toContain('[2020-02]');
    expect(parsed.text).toContain('As of 2024-05-01');
  });

  it('never links anything but http(s), and shows the rest as text', () => {
    expect(safeHttpUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeHttpUrl('https://ok.test/a b')).toBeUndefined();
    expect(safeHttpUrl(`https://x.test/${'a'.repeat(2000)}`)).toBeUndefined();
    const [html] = renderReply({ sources: [{ title: 'bad', url: 'javascript:alert(1)' }] });
    expect(parseTelegramHtml(html!).links).toEqual([]);
    expect(parseTelegramHtml(html!).text).toContain('javascript:alert(1)');
    // The shared check refuses credentials (Telegram's own check used to link them) and quotes.
    const [creds] = renderReply({ sources: [{ title: 'creds', url: 'https://user:pass@example.org/x' }, { title: 'quote', url: 'https://bis.org/a"b' }] });
    expect(parseTelegramHtml(creds!).links).toEqual([]);
  });

  it('marks error replies so users can tell them apart', () => {
    const [html] = renderReply({ kind: 'error', title: 'Not allowed', text: 'moderators only', ephemeral: true });
    expect(parseTelegramHtml(html!).text.startsWith(`${ERROR_MARK} Not allowed`)).toBe(true);
  });

  it('splits 10 000 characters of hostile text into complete, valid messages of at most 4096', () => {
    const body = '<script>&amp;</script> '.repeat(435); // ~10 000 characters, escapes to far more
    const messages = renderReply({ title: 'Long', text: body });
    expect(messages.length).toBeGreaterThanOrEqual(3);
    for (const m of messages) {
      expect(m.length).toBeLessThanOrEqual(4096);
      parseTelegramHtml(m);
    }
    expect(norm(visible(messages))).toContain(norm(body));
  });

  it('splits between items, never inside one, and keeps headings with what follows', () => {
    const items = Array.from({ length: 120 }, (_, i) => ({ text: `item-${i} ${'x'.repeat(80)} end-${i}` }));
    const messages = renderReply({ title: 'Many', sections: [{ title: 'First', items: items.slice(0, 60) }, { title: 'Second', items: items.slice(60) }] });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      const t = parseTelegramHtml(m).text;
      for (const match of t.matchAll(/item-(\d+)/g)) expect(t).toContain(`end-${match[1]}`);
      expect(t.trim().endsWith('First')).toBe(false);
      expect(t.trim().endsWith('Second')).toBe(false);
    }
  });

  it('does not cut a surrogate pair when a long run of emoji must be split', () => {
    const messages = renderReply({ text: '🚀'.repeat(5000) });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(m).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });

  it('replaces lone surrogates and control characters', () => {
    const [html] = renderReply({ text: 'a\ud800b\u0000c\u001b' });
    expect(parseTelegramHtml(html!).text).toBe('a\ufffdbc');
  });

  it('strips bidi overrides and isolates so data cannot disguise itself', () => {
    const [html] = renderReply({ title: 'invoice\u202Efdp.exe', text: 'a\u2066b\u2069c\u200f\ufeffd\r\ne', sources: [{ title: 'x\u202Dy', url: 'https://ok.test/' }] });
    const parsed = parseTelegramHtml(html!);
    expect(parsed.text).toContain('invoicefdp.exe');
    expect(parsed.text).toContain('abcd\ne');
    expect(parsed.text).toContain('xy');
    expect(html).not.toMatch(BIDI);
  });

  it('packs nothing into nothing and escapes through the helper', () => {
    expect(packBlocks([])).toEqual([]);
    expect(escapeHtml('<&>')).toBe('&lt;&amp;&gt;');
    expect(renderReply({})).toEqual(['(empty answer)']);
  });
});

describe('telegram command mentions', () => {
  it('writes hyphenated command mentions in the tappable underscore form', async () => {
    const { telegramCommandNames } = await import('../../../src/adapters/telegram/render.js');
    expect(telegramCommandNames('Try /china-blockchain fujian or (/city-rank top 5).')).toBe('Try /china_blockchain fujian or (/city_rank top 5).');
    expect(telegramCommandNames('see https://example.org/a-b and /help')).toBe('see https://example.org/a-b and /help');
  });
  it('makes every command in /help tappable as a registered command', async () => {
    const { createApp } = await import('../../../src/app.js');
    const { renderReply } = await import('../../../src/adapters/telegram/render.js');
    const { findBotCommands } = await import('../../fakes/telegram-entities.js');
    const { core } = await createApp();
    const reply = await core.handleText('/help', { platform: 'telegram', userId: '1', isModerator: false }, 'telegram:1');
    const text = renderReply(reply!).join('\n').replace(/<[^>]+>/g, '');
    const registered = new Set(core.commands.map((c) => `/${c.name.replace(/-/g, '_')}`));
    const tapped = findBotCommands(text).map((e) => text.slice(e.offset, e.offset + e.length));
    expect(tapped.length).toBeGreaterThan(5);
    for (const c of tapped) expect(registered.has(c.replace(/@.*$/, '')), c).toBe(true);
  });
});
