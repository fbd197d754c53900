import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BANNED = /from\s+['"](discord\.js|telegraf|keyv|openai|node-cron|@discordjs\/[^'"]+|@keyv\/[^'"]+|telegraf\/[^'"]+)['"]|import\(\s*['"](discord\.js|telegraf|keyv|openai)['"]/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('layering', () => {
  it('src/core and commands/ import no platform SDK, storage or AI client', () => {
    const offenders = [...files('src/core'), ...files('commands')].filter((f) => BANNED.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
  it('the check itself detects an SDK import', () => {
    expect(BANNED.test("import { Client } from 'discord.js';")).toBe(true);
    expect(BANNED.test("import type { Keyv } from 'keyv';")).toBe(true);
  });
});
