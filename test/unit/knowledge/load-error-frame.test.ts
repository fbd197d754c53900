import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../src/knowledge/loader.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('knowledge YAML errors', () => {
  it('keep the code frame that points at the mistake', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kb-frame-'));
    cpSync('config/knowledge', dir, { recursive: true });
    const file = path.join(dir, 'china.yaml');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.splice(3, 0, 'broken: key: with: colons');
    writeFileSync(file, lines.join('\n'));
    const msg = await loadKnowledge(dir).then(
      () => '',
      (e: unknown) => (e as Error).message,
    );
    expect(msg).toMatch(/china\.yaml: not valid YAML: .*at line 4, column \d+:/);
    // The frame: the offending line itself and a caret under the column.
    expect(msg).toContain('broken: key: with: colons');
    expect(msg).toMatch(/\n\s*\^/);
  });
});
