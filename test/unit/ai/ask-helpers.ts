/**
 * Builds the real bot (every command, real knowledge store, keyv on a real SQLite database) with /ask
 * wired to the real openai SDK pointed at the local fake, for the /ask tests.
 */
import { commands } from '../../../commands/index.js';
import type { Services } from '../../../commands/services.js';
import { renderPlain } from '../../../src/adapters/console/render.js';
import { createAskService } from '../../../src/ai/ask-runtime.js';
import { loadKnowledgeBase } from '../../../src/app.js';
import type { Clock } from '../../../src/core/command.js';
import { BotCore } from '../../../src/core/dispatch.js';
import type { Reply } from '../../../src/core/reply.js';
import type { NewsService } from '../../../src/news/news-service.js';
import { sqlKeyvStore, type StoreHandle } from '../../../src/storage/keyv-factory.js';
import { freshSqlite, type TestDatabase } from '../../helpers/databases.js';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private t = Date.parse('2026-12-01T10:00:00Z')) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** One bot for one test. */
export interface AskBot {
  core: BotCore<Services>;
  services: Services;
  store: StoreHandle;
  /** Runs `/ask …` (or any line) as the given user; returns the reply and its console rendering. */
  run(line: string, user?: string): Promise<{ reply: Reply; text: string }>;
}

const databases: TestDatabase[] = [];

/** Options of one bot. */
export interface AskBotOptions {
  baseUrl: string;
  key?: string | undefined;
  budget?: number;
  cooldownS?: number;
  news?: NewsService;
  clock?: Clock;
  timing?: { attemptTimeoutMs: number; deadlineMs: number };
}

/** A fresh bot with its own store (so limits and cache start empty). */
export async function askBot(opts: AskBotOptions): Promise<AskBot> {
  const database = await freshSqlite();
  databases.push(database);
  const store = sqlKeyvStore(database.database);
  const knowledge = await loadKnowledgeBase('config/knowledge');
  const clock = opts.clock ?? new ManualClock();
  const ask = createAskService(
    { OPENAI_API_KEY: opts.key, OPENAI_BASE_URL: opts.baseUrl, OPENAI_MODEL: 'fake-model', ASK_DAILY_BUDGET: opts.budget ?? 100, ASK_COOLDOWN_S: opts.cooldownS ?? 0 },
    store,
    { knowledge, news: opts.news, clock, ...(opts.timing ? { timing: opts.timing } : {}) },
  );
  const services: Services = { knowledge, version: '0.0.0-test', ask, ...(opts.news ? { news: opts.news } : {}) };
  const core = new BotCore<Services>({ commands, services, clock });
  return {
    core,
    services,
    store,
    async run(line, user = 'u1') {
      const reply = (await core.handleText(line, { platform: 'console', userId: user, isModerator: false }, 'console:local'))!;
      return { reply, text: renderPlain(reply) };
    },
  };
}

/** Closes and removes every bot's database. */
export async function closeAskBots(): Promise<void> {
  for (const d of databases.splice(0)) await d.cleanup();
}

/** The numbered entries under "Sources:" in a console rendering: number → URL. */
export function sourcesOf(text: string): Map<number, string> {
  const out = new Map<number, string>();
  const block = text.split('\nSources:\n')[1] ?? '';
  for (const line of block.split('\n')) {
    const m = /^\s+(\d+)\. .* — (https?:\/\/\S+)$/.exec(line);
    if (m) out.set(Number(m[1]), m[2]!);
  }
  return out;
}

/** Citation numbers `[n]` / `[n, m]` written before the Sources block. */
export function citationsOf(text: string): number[] {
  const body = text.split('\nSources:\n')[0] ?? '';
  return [...body.matchAll(/\[(\d+(?:, \d+)*)\]/g)].flatMap((m) => m[1]!.split(', ').map(Number));
}
