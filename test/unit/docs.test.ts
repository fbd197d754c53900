import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { envSchema } from '../../src/config.js';

const readme = readFileSync('README.md', 'utf8');
const envExample = readFileSync('.env.example', 'utf8');

describe('documentation stays true', () => {
  it('the README lists every command', () => {
    for (const c of commands) expect(readme, `/${c.data.name}`).toContain(`\`/${c.data.name}`);
  });
  it('.env.example documents every environment variable the config reads', () => {
    const documented = new Set([...envExample.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const missing = Object.keys(envSchema.shape).filter((k) => k !== 'NODE_ENV' && !documented.has(k));
    expect(missing).toEqual([]);
  });
  it('the README gives the two fresh-machine commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
});
