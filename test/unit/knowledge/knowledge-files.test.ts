import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../../src/knowledge/knowledge-base.js';
import { KnowledgeLoadError, loadKnowledge, type KnowledgeData } from '../../../src/knowledge/loader.js';
import type { Source } from '../../../src/knowledge/schema.js';

const data: KnowledgeData = await loadKnowledge('config/knowledge');
const kb = new KnowledgeBase(data);

/** Every fact-shaped object in the store with where it sits. */
function allFacts(d: KnowledgeData): Array<{ where: string; as_of: string; status: string; sources: Source[]; note?: string | undefined }> {
  const out: Array<{ where: string; as_of: string; status: string; sources: Source[]; note?: string | undefined }> = [];
  d.cbdc.tracker.forEach((t) => out.push({ where: `tracker ${t.id}`, ...t }));
  for (const c of d.cbdc.countries) {
    out.push({ where: `${c.id} summary`, ...c.summary });
    c.milestones.forEach((m, i) => out.push({ where: `${c.id} milestone ${i}`, ...m }));
    c.figures.forEach((f, i) => out.push({ where: `${c.id} figure ${i}`, ...f }));
  }
  for (const idx of d.cities.indexes) {
    for (const e of idx.entries) out.push({ where: `${idx.id} ${e.city}`, as_of: idx.as_of, status: e.status ?? idx.status, sources: e.sources ?? idx.sources, note: e.note ?? idx.note });
  }
  out.push({ where: 'china overview', ...d.china.overview });
  d.china.events.forEach((e) => out.push({ where: `event ${e.id}`, ...e }));
  return out;
}

describe('knowledge files', () => {
  const facts = allFacts(data);

  it('hold at least 60 sourced facts', () => {
    expect(facts.length).toBeGreaterThanOrEqual(60);
    expect(kb.stats().facts).toBe(facts.length);
  });
  it('give every fact an absolute http(s) source, an as-of date and a status, with a note when not verified', () => {
    for (const f of facts) {
      expect(f.sources.length, f.where).toBeGreaterThan(0);
      for (const s of f.sources) expect(new URL(s.url).protocol, f.where).toMatch(/^https?:$/);
      expect(f.as_of, f.where).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['verified', 'disputed', 'unverified'], f.where).toContain(f.status);
      if (f.status !== 'verified') expect(f.note, f.where).toBeTruthy();
    }
  });
  it('store the BitBoy article claims that turned out wrong as disputed, and the self-reported VeChain link as unverified', () => {
    const disputed = data.china.events.filter((e) => e.status === 'disputed').map((e) => `${e.title} ${e.text}`.toLowerCase());
    expect(disputed.some((t) => t.includes('delay'))).toBe(true);
    // Corrected 2026-12 (knowledge-sources G): VeChain's role is self-reported, not contradicted.
    const vechain = data.china.events.find((e) => e.id === 'vechain-wenchang-claim')!;
    expect(vechain.status).toBe('unverified');
    expect(vechain.note).toMatch(/self-reported/i);
  });
});

describe('knowledge loader errors', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'chainbrief-kb-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the file, the entry and the field', async () => {
    cpSync('config/knowledge', dir, { recursive: true });
    const file = path.join(dir, 'cities.yaml');
    const text = readFileSync(file, 'utf8').replace(/score: 99\.82/, 'score: "high"');
    expect(text).toContain('score: "high"');
    writeFileSync(file, text);
    const err = await loadKnowledge(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KnowledgeLoadError);
    const msg = (err as Error).message;
    expect(msg).toContain('cities.yaml');
    expect(msg).toContain('cie-2020');
    expect(msg).toContain('score');
  });
  it('reports unreadable YAML and missing files by name', async () => {
    cpSync('config/knowledge', dir, { recursive: true });
    writeFileSync(path.join(dir, 'china.yaml'), 'events: [unclosed');
    await expect(loadKnowledge(dir)).rejects.toThrow(/china\.yaml: not valid YAML/);
    rmSync(path.join(dir, 'cbdc.yaml'));
    const both = await loadKnowledge(dir).catch((e: unknown) => (e as Error).message);
    expect(both).toMatch(/cbdc\.yaml: cannot read/);
    expect(both).toMatch(/china\.yaml: not valid YAML/);
  });
});

describe('knowledge search', () => {
  it.each(['digital yuan', 'e-CNY', 'DCEP', '数字人民币', 'China', 'china', 'PRC', 'e cny', 'Digital Yuan'])('"%s" finds China', (q) => {
    expect(kb.findCountry(q)?.id).toBe('cn');
  });
  it.each(['人民币', '中国人民银行', 'China CBDC', 'the china', 'PBoC'])('"%s" finds China too', (q) => {
    expect(kb.findCountry(q)?.id).toBe('cn');
  });
  it.each([
    ['北京市', 'beijing'],
    ['Shenzhen City', 'shenzhen'],
    ['Peking', 'beijing'],
    ['北京', 'beijing'],
    ['Shenzen', 'shenzhen'],
    ['shenzhen', 'shenzhen'],
    ['Hangzou', 'hangzhou'],
    ['深圳', 'shenzhen'],
  ])('"%s" finds %s', (q, id) => {
    expect(kb.findCity(q)?.id).toBe(id);
  });
  it('finds nothing for unknown places and suggests close names', () => {
    expect(kb.findCountry('Atlantis')).toBeUndefined();
    expect(kb.findCity('Gotham')).toBeUndefined();
    expect(kb.suggestCountries('Chna')).toContain('China');
  });
  it('finds topics by alias and events by free text', () => {
    expect(kb.findTopic('Blockchain-based Service Network')?.id).toBe('bsn');
    expect(kb.findTopic('fujian')?.id).toBe('fujian');
    expect(kb.searchEvents('Wenchang').length).toBeGreaterThan(0);
  });
  it('autocompletes countries and cities', () => {
    expect(kb.complete('country', 'ind').map((c) => c.name)).toContain('India');
    expect(kb.complete('city', 'hang').map((c) => c.name)).toContain('Hangzhou');
    expect(kb.complete('city', '').length).toBeLessThanOrEqual(25);
  });
});
