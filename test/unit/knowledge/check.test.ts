import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkFacts, isPrimarySource, urlProblem } from '../../../src/knowledge/check.js';
import { enumerateFacts } from '../../../src/knowledge/facts.js';
import { loadKnowledge } from '../../../src/knowledge/loader.js';

const FIXTURE = 'test/fixtures/knowledge-check';
const NOW = new Date('2026-12-03T12:00:00Z');
const run = promisify(execFile);

describe('knowledge:check on a fixture store with planted problems', () => {
  it('finds exactly the planted problems', async () => {
    const facts = enumerateFacts(await loadKnowledge(FIXTURE));
    const found = checkFacts(facts, { now: NOW }).map((p) => `${p.severity} ${p.kind} ${p.factId}`);
    expect(found.sort()).toEqual(
      [
        'error duplicate-source xa-duplicate',
        'error inconsistent-source xa-inconsistent',
        'error malformed-url xa-malformed',
        'warning secondary-only xa-secondary-only',
        'warning stale xa-summary',
      ].sort(),
    );
  });
  it('treats "stale" relative to the given date and age', async () => {
    const facts = enumerateFacts(await loadKnowledge(FIXTURE));
    expect(checkFacts(facts, { now: new Date('2025-02-01T00:00:00Z') }).some((p) => p.kind === 'stale')).toBe(false);
    expect(checkFacts(facts, { now: NOW, maxAgeDays: 1 }).filter((p) => p.kind === 'stale').length).toBe(facts.length);
  });
  it('classifies sources and URLs', () => {
    expect(isPrimarySource({ title: 't', publisher: 'p', url: 'https://www.hkma.gov.hk/eng/x' })).toBe(true);
    expect(isPrimarySource({ title: 't', publisher: 'p', url: 'https://evilhkma.gov.hk.example.com/x' })).toBe(false);
    expect(isPrimarySource({ title: 't', publisher: 'p', url: 'https://cointelegraph.com/x' })).toBe(false);
    expect(urlProblem('https://example.com/a')).toBeUndefined();
    expect(urlProblem('https://localhost/a')).toMatch(/not a public domain/);
    expect(urlProblem('https://example.com/a?utm_source=x')).toMatch(/tracking/);
    expect(urlProblem('https://example.com/a.')).toMatch(/punctuation/);
  });
  it('the npm script reports them and exits 1; the real store has no errors', async () => {
    const bad = await run('npx', ['tsx', 'scripts/knowledge-check.ts', FIXTURE]).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/ERROR malformed-url xa-malformed/);
    expect(bad.stdout).toMatch(/WARNING stale xa-summary: last checked 2025-01-15/);
    const good = await run('npx', ['tsx', 'scripts/knowledge-check.ts']);
    expect(good.stdout).toMatch(/0 duplicate sources, 0 inconsistent sources, 0 malformed URLs/);
  }, 30_000);
});
