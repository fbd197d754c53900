/**
 * The prebuilt knowledge snapshot: it holds exactly what the validated load gives, and any edit to
 * a knowledge file makes it unusable (the caller then loads and validates the YAML in full).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../src/knowledge/loader.js';
import { readKnowledgeSnapshot, writeKnowledgeSnapshot } from '../../../src/knowledge/snapshot.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'chainbrief-snap-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('knowledge snapshot', () => {
  it('round-trips the validated knowledge and is refused once a file changes', async () => {
    const dir = path.join(tmp, 'knowledge');
    cpSync('config/knowledge', dir, { recursive: true });
    const file = path.join(tmp, 'snapshot.json');
    await writeKnowledgeSnapshot(dir, file);
    expect(await readKnowledgeSnapshot(dir, file)).toStrictEqual(JSON.parse(JSON.stringify(await loadKnowledge(dir))));
    expect(await readKnowledgeSnapshot(dir, file)).toEqual(await loadKnowledge(dir));

    const china = path.join(dir, 'china.yaml');
    writeFileSync(china, `${readFileSync(china, 'utf8')}\n# edited\n`);
    expect(await readKnowledgeSnapshot(dir, file)).toBeUndefined();
  });

  it('is ignored when missing or not JSON, and absent when running from TypeScript sources', async () => {
    expect(await readKnowledgeSnapshot('config/knowledge', path.join(tmp, 'missing.json'))).toBeUndefined();
    writeFileSync(path.join(tmp, 'broken.json'), '{"key":');
    expect(await readKnowledgeSnapshot('config/knowledge', path.join(tmp, 'broken.json'))).toBeUndefined();
    expect(await readKnowledgeSnapshot('config/knowledge')).toBeUndefined();
  });
});
