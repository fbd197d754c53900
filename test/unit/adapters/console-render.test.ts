import { describe, expect, it } from 'vitest';
import { renderPlain, stripControl } from '../../../src/adapters/console/render.js';
import type { Reply } from '../../../src/core/reply.js';

describe('console renderer', () => {
  const reply: Reply = {
    title: 'Title',
    text: 'Lead',
    sections: [
      {
        title: 'Timeline',
        items: [
          { text: 'Fact one', date: '2020-09-13', source: { title: 'S1', url: 'https://a.example/1' } },
          { text: 'Claim', status: 'disputed', note: 'sources disagree', source: { title: 'S2', url: 'https://a.example/2' } },
        ],
      },
    ],
    fields: [{ name: 'Status', value: 'Pilot' }],
    sources: [{ title: 'Main', url: 'https://a.example/main', publisher: 'Pub', date: '2021-01-01' }],
    asOf: '2026-11-24',
    footer: 'hint',
    pagination: { command: 'cbdc-status', args: { country: 'euro area' }, page: 1, pageCount: 2 },
  };
  const text = renderPlain(reply);

  it('shows dates, dispute flags with reasons, and sources as URLs', () => {
    expect(text).toContain('[2020-09-13] Fact one');
    expect(text).toContain('DISPUTED: Claim (sources disagree)');
    expect(text).toContain('https://a.example/1');
    expect(text).toMatch(/1\. Main \(Pub, 2021-01-01\) — https:\/\/a\.example\/main/);
  });
  it('shows as-of, footer and how to get the next page', () => {
    expect(text).toContain('As of 2026-11-24');
    expect(text).toContain('next: /cbdc-status country:"euro area" page:2');
    expect(text).toContain('Status: Pilot');
  });
  it('removes terminal control sequences from data', () => {
    expect(stripControl('a\u001b[31mred\u0007b\nc')).toBe('a[31mredb\nc');
    const hostile = renderPlain({ title: '\u001b]0;pwned\u0007T', sections: [{ items: [{ text: 'x\u001b[2J' }] }] });
    expect(hostile.includes("\u001b") || hostile.includes("\u0007")).toBe(false);
  });
});
