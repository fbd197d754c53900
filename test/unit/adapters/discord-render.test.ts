/**
 * The Discord renderer: any Reply, however long or hostile, renders within every Discord limit,
 * with nothing dropped silently (every item, field, source and footer is still visible).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderReply } from '../../../src/adapters/discord/render.js';
import { escapeMarkdown, safeUrl } from '../../../src/adapters/discord/escape.js';
import { splitText } from '../../../src/adapters/discord/split.js';
import type { Reply } from '../../../src/core/reply.js';
import { limitProblems, markdownToText, viewMessage } from '../../fakes/discord-view.js';

const hostileChars = fc.constantFrom('\u202e', '\u2066', '\u2069', '\u200f', '\ufeff', '@everyone', '@here', '**', '__', '`', '```', '||', '> ', '# ', '- ', '1. ', '[', ']', '(', ')', '<@123456789012345678>', '\\', '~~', '\n', '😀', '北京', ' ');
const hostileText = (max: number) =>
  fc.oneof(
    fc.string({ maxLength: max }),
    fc.array(fc.oneof(hostileChars, fc.string({ maxLength: 12 })), { maxLength: Math.max(1, Math.floor(max / 4)) }).map((a) => a.join('')),
    fc.nat({ max: 10_000 }).map((n) => 'word '.repeat(Math.ceil(n / 5)).slice(0, n)),
  );
const url = fc.oneof(fc.webUrl(), fc.constant('javascript:alert(1)'), fc.constant('https://example.org/a_(b)?q=1'), fc.string({ maxLength: 30 }));
const source = fc.record({ title: hostileText(300), url, publisher: fc.option(hostileText(40), { nil: undefined }), date: fc.option(fc.constant('2020-09-01'), { nil: undefined }) });
const item = fc.record({
  text: hostileText(2000),
  date: fc.option(fc.constant('2021-03-04'), { nil: undefined }),
  status: fc.option(fc.constantFrom('verified' as const, 'disputed' as const, 'unverified' as const), { nil: undefined }),
  note: fc.option(hostileText(200), { nil: undefined }),
  source: fc.option(source, { nil: undefined }),
});
const reply: fc.Arbitrary<Reply> = fc.record(
  {
    title: hostileText(600),
    text: hostileText(10_000),
    sections: fc.array(fc.record({ title: fc.option(hostileText(100), { nil: undefined }), items: fc.array(item, { maxLength: 30 }) }), { maxLength: 5 }),
    fields: fc.array(fc.record({ name: hostileText(300), value: hostileText(1500), inline: fc.boolean() }), { maxLength: 40 }),
    sources: fc.array(source, { maxLength: 15 }),
    asOf: fc.constant('2025-06-30'),
    footer: hostileText(3000),
    pagination: fc.record({ command: fc.constant('cbdc-status'), args: fc.constant({ country: 'China' }), page: fc.integer({ min: 1, max: 3 }), pageCount: fc.integer({ min: 3, max: 9 }) }),
    kind: fc.constantFrom('answer' as const, 'error' as const),
  },
  { requiredKeys: [] },
);

/** Compares visible text ignoring whitespace and the zero-width breaks added to mentions. */
const squash = (s: string) => s.replace(/[\s\u200b]+/g, '');
/** Bidi controls that could make text read differently from what it is. */
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** What a piece of data should look like once shown (controls, bidi marks and BOM removed). */
const shown = (s: string) =>
  // eslint-disable-next-line no-control-regex
  squash(s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

describe('Discord renderer', () => {
  it('renders any reply within every Discord limit, with mentions disabled', () => {
    fc.assert(
      fc.property(reply, (r) => {
        const messages = renderReply(r, { pageOwner: { userId: '200000000000000001', issuedAt: new Date() } });
        expect(messages.length).toBeGreaterThan(0);
        for (const m of messages) expect(limitProblems(m)).toEqual([]);
        const raw = JSON.stringify(messages);
        expect(raw).not.toMatch(/@(everyone|here)/i);
        expect(raw).not.toMatch(/(?<!\\\\)<[@#]/);
        expect(messages.map((m) => JSON.stringify(m.embeds)).join('')).not.toMatch(BIDI);
      }),
      { numRuns: 150 },
    );
  });

  it('drops nothing silently: every item, field, footer and source is visible', () => {
    fc.assert(
      fc.property(reply, (r) => {
        const messages = renderReply(r);
        // Continuation footers ("As of … · Part i/n") sit between the parts of split text: leave them out.
        const bodies = messages.map((m, i) =>
          i === messages.length - 1 ? m : { ...m, embeds: m.embeds.map((e, j) => (j === m.embeds.length - 1 ? { ...e, footer: undefined } : e)) },
        );
        const visible = squash(bodies.map((m) => viewMessage(m).text.replace(/ · Part \d+\/\d+$/, '')).join('\n'));
        const links = messages.flatMap((m) => viewMessage(m).links);
        for (const s of r.sections ?? []) for (const i of s.items) expect(visible).toContain(shown(i.text));
        for (const f of r.fields ?? []) {
          expect(visible).toContain(shown(f.name));
          expect(visible).toContain(shown(f.value));
        }
        if (r.text) expect(visible).toContain(shown(r.text));
        if (r.footer) expect(visible).toContain(shown(r.footer));
        if (r.asOf) expect(visible).toContain(`Asof${r.asOf}`);
        for (const s of r.sources ?? []) {
          const u = safeUrl(s.url);
          if (u) expect(links).toContain(u);
          else expect(visible).toContain('linknotshown');
        }
        for (const l of links) expect(l).toMatch(/^https?:\/\/[^\s()]+$/);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a 10 000-character answer whole, split between words', () => {
    const words = Array.from({ length: 1500 }, (_, i) => `w${i}`).join(' ');
    const messages = renderReply({ title: 'Long', text: words });
    const descriptions = messages.flatMap((m) => m.embeds.map((e) => e.description ?? ''));
    expect(descriptions.length).toBeGreaterThan(1);
    for (const d of descriptions) expect(d).toMatch(/^(\*\*Long\*\*\s+)?w\d+( w\d+)*$/);
    expect(descriptions.join(' ').split(' ').filter((w) => w.startsWith('w'))).toHaveLength(1500);
  });

  it('puts sources as links, dispute flags with notes, and the as-of date in the footer', () => {
    const [m] = renderReply({
      title: 'e-CNY',
      sections: [{ items: [{ text: 'Claim', status: 'disputed', note: 'contested', source: { title: 'PBoC', url: 'https://pbc.gov.cn/x' } }] }],
      asOf: '2025-06-30',
      pagination: { command: 'cbdc-status', args: { country: 'China' }, page: 1, pageCount: 2 },
    });
    const view = viewMessage(m!);
    expect(view.text).toContain('DISPUTED: Claim (contested)');
    expect(view.links).toEqual(['https://pbc.gov.cn/x', 'https://pbc.gov.cn/x']);
    expect(m!.embeds.at(-1)!.footer!.text).toBe('As of 2025-06-30 · Page 1/2');
    expect(m!.components).toBeUndefined();
  });

  it('escapes markdown so data cannot format, link or mention', () => {
    const text = '**x** [a](https://evil.example) <@&1> @everyone # h';
    expect(markdownToText(escapeMarkdown(text))).toBe(text.replace('@everyone', '@everyone'));
    expect(escapeMarkdown(text)).not.toMatch(/(?<!\\)[*[<]/);
    expect(escapeMarkdown('@everyone')).toBe('@\u200beveryone');
  });

  it('only links http(s) URLs and neutralises parentheses', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('https://user:pw@example.org/')).toBeUndefined();
    expect(safeUrl('https://example.org/a_(b)')).toBe('https://example.org/a_%28b%29');
  });

  it('strips bidi overrides and isolates so data cannot disguise itself', () => {
    const [m] = renderReply({
      title: 'invoice\u202Efdp.exe',
      text: 'a\u2066b\u2069c\u200f\ufeffd',
      sources: [{ title: 'x\u202Dy', url: 'https://ok.test/' }],
      footer: 'f\u202Eoot',
    });
    const view = viewMessage(m!);
    expect(view.text).toContain('invoicefdp.exe');
    expect(view.text).toContain('abcd');
    expect(view.text).toContain('xy');
    expect(view.text).toContain('foot');
    expect(JSON.stringify(m)).not.toMatch(BIDI);
  });

  it('splitText never exceeds the limit, never breaks an escape, and keeps every character', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }).map(escapeMarkdown), fc.integer({ min: 64, max: 500 }), (text, max) => {
        const chunks = splitText(text, max);
        for (const c of chunks) {
          expect(c.length).toBeLessThanOrEqual(max);
          expect(/(?<!\\)(\\\\)*\\$/.test(c)).toBe(false);
        }
        expect(squash(chunks.join(''))).toBe(squash(text));
      }),
      { numRuns: 200 },
    );
  });
});
