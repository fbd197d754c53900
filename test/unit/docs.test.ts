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

describe('README commands work as printed (issue 13)', () => {
  it('runs the one-shot CLI with -s so npm’s banner stays off stdout', () => {
    const cli = [...readme.matchAll(/npm run (?:-s )?cli\b[^\n]*/g)].map((m) => m[0]);
    expect(cli.length).toBeGreaterThan(0);
    for (const line of cli) expect(line).toMatch(/^npm run -s cli\b/);
  });
  it('names the Redis and PostgreSQL prerequisites before the test command', () => {
    const test = readme.indexOf('npm ci && npm test');
    expect(readme.lastIndexOf('Redis', test)).toBeGreaterThan(-1);
    expect(readme.lastIndexOf('PostgreSQL', test)).toBeGreaterThan(-1);
  });
  it('documents the exit status of pipe mode and of configuration errors', () => {
    expect(readme).toMatch(/exits 1 if any line was refused/);
    expect(readme).toMatch(/exits 78/);
  });
});
