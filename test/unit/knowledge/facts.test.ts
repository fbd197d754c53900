import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../../src/knowledge/knowledge-base.js';
import { loadKnowledge } from '../../../src/knowledge/loader.js';

const data = await loadKnowledge('config/knowledge');
const kb = new KnowledgeBase(data);
const dateRe = /^\d{4}-\d{2}-\d{2}$/;

describe('KnowledgeBase.facts()', () => {
  const facts = kb.facts();
  it('lists every fact once with a unique, slug-shaped id', () => {
    const ids = facts.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    expect(facts.length).toBe(kb.stats().facts);
  });
  it('gives each fact its text, as-of and checked dates, status and at least one source', () => {
    for (const f of facts) {
      expect(f.text.length, f.id).toBeGreaterThan(10);
      expect(f.asOf, f.id).toMatch(dateRe);
      expect(f.checked, f.id).toMatch(dateRe);
      expect(f.sources.length, f.id).toBeGreaterThan(0);
      if (f.date) expect(f.date, f.id).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/);
    }
  });
  it('includes milestones, figures, summaries, events and ranking entries, found by id', () => {
    const kinds = new Set(facts.map((f) => f.kind));
    for (const k of ['tracker', 'summary', 'milestone', 'figure', 'ranking-entry', 'overview', 'event']) expect(kinds).toContain(k);
    expect(kb.fact('cn-summary')?.subject).toBe('cn');
    expect(kb.fact('cie-2020-beijing')?.text).toMatch(/Beijing ranked 1 with a score of 99\.82/);
    const fig = facts.find((f) => f.kind === 'figure')!;
    expect(kb.fact(fig.id)).toBe(fig);
  });
  it('keeps ids stable: derived ids depend on the parent id, not on position', () => {
    const reversed = new KnowledgeBase({ ...data, cbdc: { ...data.cbdc, countries: [...data.cbdc.countries].reverse() } });
    const byId = new Map(reversed.facts().map((f) => [f.id, f.text]));
    for (const f of facts) expect(byId.get(f.id), f.id).toBe(f.text);
  });
  it('counts facts per status and reports the newest event date and the oldest check', () => {
    const s = kb.stats();
    expect(s.byStatus.verified + s.byStatus.disputed + s.byStatus.unverified).toBe(s.facts);
    expect(s.newestEvent).toBe(facts.map((f) => f.date ?? '').filter((d) => d.length === 10).sort().at(-1));
    expect(s.oldestCheck).toBe(facts.map((f) => f.checked).sort()[0]);
  });
});

describe('fact id validation', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'chainbrief-ids-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('refuses a milestone without an id and a store with a duplicate fact id', async () => {
    cpSync('config/knowledge', dir, { recursive: true });
    const file = path.join(dir, 'cbdc.yaml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace(/^( *)- id: cn-first-pilots-2020\n/m, '$1-\n'));
    await expect(loadKnowledge(dir)).rejects.toThrow(/milestones\[\d+\] › id/);
    writeFileSync(file, original.replace('id: cn-first-pilots-2020', 'id: cn-no-timetable-2020-05'));
    await expect(loadKnowledge(dir)).rejects.toThrow(/duplicate fact id "cn-no-timetable-2020-05"/);
  });
});
