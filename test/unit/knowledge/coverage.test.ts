import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import type { BotCore } from '../../../src/core/dispatch.js';
import { collectSources, type Reply } from '../../../src/core/reply.js';
import { KnowledgeBase } from '../../../src/knowledge/knowledge-base.js';
import { loadKnowledge } from '../../../src/knowledge/loader.js';
import type { Services } from '../../../commands/services.js';

const data = await loadKnowledge('config/knowledge');
const kb = new KnowledgeBase(data);
const countries = data.cbdc.countries;
let core: BotCore<Services>;
beforeAll(async () => {
  core = (await createApp()).core;
});
async function run(line: string): Promise<Reply> {
  const r = await core.handleText(line, { platform: 'console', userId: 'u', isModerator: false }, 'console:local');
  if (!r) throw new Error(`not a command: ${line}`);
  return r;
}

describe('jurisdiction coverage', () => {
  it('covers at least 40 jurisdictions, every G20 economy among them (the euro area for EU members)', () => {
    expect(countries.length).toBeGreaterThanOrEqual(40);
    const g20 = ['cn', 'in', 'ru', 'euro-area', 'gb', 'us', 'jp', 'kr', 'br', 'ca', 'au', 'sa', 'tr', 'id', 'za', 'mx', 'ar'];
    for (const id of g20) expect(kb.country(id)?.id, id).toBe(id);
  });
  it.each(countries.map((c) => [c.name, c.id]))('/cbdc-status %s answers with a status, a date and a source', async (name, id) => {
    const r = await run(`/cbdc-status "${name}"`);
    expect(r.kind, r.text).not.toBe('error');
    expect(r.title).toContain(kb.country(id)!.name);
    expect(r.title).toMatch(/— (Research|Development|Pilot|Launched|Inactive|Cancelled)$/);
    expect(r.fields?.find((f) => f.name === 'Status')?.value).toMatch(/as of \d{4}(-\d{2})?(-\d{2})?$/);
    expect(r.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(collectSources(r).length).toBeGreaterThan(0);
  });
});

describe('aliases', () => {
  const cases = countries.flatMap((c) => [c.name, ...c.aliases, ...(c.cbdc_name ? [c.cbdc_name] : []), ...c.cbdc_aliases].map((a) => [a, c.id] as const));
  it.each(cases)('"%s" resolves to %s', (alias, id) => {
    expect(kb.findCountry(alias)?.id).toBe(id);
  });
  it.each([
    ['digital ruble', 'ru'], ['数字卢布', 'ru'], ['RU', 'ru'], ['e-HKD', 'hk'], ['HK', 'hk'], ['香港', 'hk'],
    ['digital pound', 'gb'], ['数字英镑', 'gb'], ['UK', 'gb'], ['digital yen', 'jp'], ['Drex', 'br'], ['e-krona', 'se'],
    ['e-rupee', 'in'], ['Sand Dollar', 'bs'], ['DCash', 'eccu'], ['Bakong', 'kh'], ['US', 'us'], ['EU', 'euro-area'],
    ['数字欧元', 'euro-area'], ['UAE', 'ae'], ['digital dirham', 'ae'], ['South Korea', 'kr'],
  ])('the issue’s example "%s" resolves to %s', (alias, id) => {
    expect(kb.findCountry(alias)?.id).toBe(id);
  });
});

describe('status labels match the notes', () => {
  const facts = kb.facts();
  it('a verified fact’s note never calls it disputed, unverified, unconfirmed or self-reported', () => {
    for (const f of facts.filter((x) => x.status === 'verified' && x.note)) {
      expect(f.note, f.id).not.toMatch(/\b(disputed|unverified|not verified|unconfirmed|not confirmed|self-reported|inaccurate)\b/i);
    }
  });
  it('a disputed fact’s note says what is wrong with the claim', () => {
    for (const f of facts.filter((x) => x.status === 'disputed')) expect(f.note, f.id).toMatch(/inaccurate|disputed|contradict|no (evidence|source)|name[sd]? .* instead|wrong|not .*as stated/i);
  });
  it('an unverified fact’s note says why it could not be confirmed', () => {
    const why = /secondary|self-reported|not (found|confirmed|in)|only|no (official|primary|central bank|source)|one source|uncertain|our reading|inferred|unclear|unknown|does not (quote|give|say)|found no|reported by|as reported|non-binding|differ|doubtful/i;
    const silent = facts.filter((x) => x.status === 'unverified' && !why.test(x.note ?? '')).map((x) => `${x.id}: ${x.note ?? ''}`);
    expect(silent).toEqual([]);
  });
});
