/**
 * Hostile command arguments: every hostile text with every command, and hostile command lines,
 * through the real core (knowledge store, news service on a real SQLite store) and all renderers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { answerLine, CONSOLE_ACTOR } from '../../src/adapters/console/console-adapter.js';
import type { BotCore } from '../../src/core/dispatch.js';
import { createNewsRuntime } from '../../src/news/news-runtime.js';
import { freshSqlite, type TestDatabase } from '../helpers/databases.js';
import type { Services } from '../../commands/services.js';
import { HOSTILE_LINES, HOSTILE_TEXTS, TARGET_COMMANDS } from './cases.js';
import { expectSafeEverywhere, TERMINAL_UNSAFE } from './checks.js';

const dir = mkdtempSync(path.join(tmpdir(), 'hostile-args-'));
let store: TestDatabase;
let core: BotCore<Services>;

beforeAll(async () => {
  store = await freshSqlite();
  const news = await createNewsRuntime(
    { FEEDS_FILE: 'config/feeds.yaml', TOPICS_FILE: 'config/topics.yaml', FEEDS_ALLOW_PRIVATE_NETWORKS: false, INGEST_SCHEDULE: 'off' },
    store.database,
  );
  core = (await createApp({ extraServices: { news: news.service } })).core;
});
afterAll(async () => {
  await store.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const argumentCases = TARGET_COMMANDS.flatMap((command) => HOSTILE_TEXTS.map((t) => ({ command, ...t })));

describe('hostile arguments × every command', () => {
  it.each(argumentCases)('/$command with $label', async ({ command, label, value }) => {
    const line = `/${command} ${value}`;
    const reply = await core.handleText(line, CONSOLE_ACTOR, 'console:local');
    expectSafeEverywhere(reply, `/${command} ${label}`);
    // The console path as a user meets it: one answer, nothing unsafe on the terminal.
    const { text } = await answerLine(core, line);
    expect(text).not.toMatch(TERMINAL_UNSAFE);
  });
});

describe('hostile command lines', () => {
  it.each(HOSTILE_LINES.map((line) => ({ line, shown: JSON.stringify(line).slice(0, 60) })))('$shown', async ({ line }) => {
    const { text, error } = await answerLine(core, line);
    expect(text.trim().length).toBeGreaterThan(0);
    expect(text).not.toMatch(TERMINAL_UNSAFE);
    expect(text).not.toMatch(/Something went wrong/);
    const reply = await core.handleText(line, CONSOLE_ACTOR, 'console:local');
    // Lines that are not commands at all get the console's explanation (checked above).
    if (reply) expectSafeEverywhere(reply, line);
    else expect(error).toBe(true);
  });
});
