/**
 * /news with 1,000,000 stored stories (generated inside SQLite by one INSERT … SELECT over a
 * recursive CTE per table): p50/p99 of "latest 10" and "latest 10 for one topic" through the
 * NewsService /news uses, and the resident memory of a process reading that store against one
 * reading an empty store (measured in child processes, so nothing else is counted).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { newsReadLoop } from './news-read-loop.js';

const run = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Fills the story tables with `count` stories, one a minute back from `now`, topics spread over five. */
export async function generateStories(database: Database, count: number, now = Date.now()): Promise<void> {
  const db = database.db;
  const gen = sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${sql.lit(count)})`;
  const at = sql`${sql.lit(now)} - i * 60000`;
  await db.transaction().execute(async (trx) => {
    await sql`${gen} INSERT INTO stories (id, seq, title, title_folded, url, canonical_url, summary, published_at, first_seen_at, language, first_pass, announce)
      SELECT 's' || i, i, 'Generated story number ' || i, 'generated story number ' || i, 'https://news.example/' || i, 'https://news.example/' || i,
             'Summary of generated story ' || i, ${at}, ${at}, 'en', 0, 1 FROM n`.execute(trx);
    await sql`${gen} INSERT INTO story_outlets (story_id, source_id, url, title, published_at, position)
      SELECT 's' || i, 'outlet' || (i % 10), 'https://news.example/' || i, 'Generated story number ' || i, ${at}, 0 FROM n`.execute(trx);
    // Every story has one of five topics; every third a second one (the rarest topic, "policy", ~7 %).
    await sql`${gen} INSERT INTO story_topics (story_id, topic, score, published_at, seq)
      SELECT 's' || i, CASE i % 4 WHEN 0 THEN 'cbdc' WHEN 1 THEN 'markets' WHEN 2 THEN 'china-blockchain' ELSE 'city-rank' END, 2, ${at}, i FROM n`.execute(trx);
    await sql`${gen} INSERT INTO story_topics (story_id, topic, score, published_at, seq)
      SELECT 's' || i, 'policy', 1, ${at}, i FROM n WHERE i % 15 = 0`.execute(trx);
    await trx.updateTable('story_counter').set({ value: count }).where('id', '=', 1).execute();
  });
}

/** Resident memory (MB) of a child process that opens `url` and answers /news `reads` times. */
async function childRssMb(url: string, kind: 'empty' | 'full'): Promise<number> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(HERE, 'news-read-loop.ts'), url, '300', kind], { timeout: 300_000 });
  return Number(JSON.parse(stdout.trim().split('\n').at(-1)!).rssMb);
}

/** Figures of the /news benchmark. */
export interface NewsBenchResult {
  stories: number;
  generateSec: number;
  latestP50Ms: number;
  latestP99Ms: number;
  topicP50Ms: number;
  topicP99Ms: number;
  rssMbEmpty: number;
  rssMbFull: number;
}

/** Runs the benchmark on a fresh SQLite file. */
export async function benchNews(count = 1_000_000): Promise<NewsBenchResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-news-'));
  try {
    const emptyUrl = `sqlite://${path.join(dir, 'empty.sqlite')}`;
    const fullUrl = `sqlite://${path.join(dir, 'full.sqlite')}`;
    const empty = await openDatabase(emptyUrl);
    await migrateToLatest(empty);
    await empty.close();
    const database = await openDatabase(fullUrl);
    await migrateToLatest(database);
    const t = performance.now();
    await generateStories(database, count);
    const generateSec = (performance.now() - t) / 1000;
    await sql`ANALYZE`.execute(database.db);
    const times = await newsReadLoop(database, 1000);
    await database.close();
    const [rssMbEmpty, rssMbFull] = [await childRssMb(emptyUrl, 'empty'), await childRssMb(fullUrl, 'full')];
    return { stories: count, generateSec, ...times, rssMbEmpty, rssMbFull };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The /news figures as a flat object (for the combined bench report). */
export async function newsFigures(): Promise<Record<string, number>> {
  const r = await benchNews();
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    'news.stories': r.stories,
    /** The report's headline: the worse p99 of the two /news reads. */
    'news.p99Ms1M': round(Math.max(r.latestP99Ms, r.topicP99Ms)),
    'news.generateSec': round(r.generateSec),
    'news.latestP50Ms1M': round(r.latestP50Ms),
    'news.latestP99Ms1M': round(r.latestP99Ms),
    'news.topicP50Ms1M': round(r.topicP50Ms),
    'news.topicP99Ms1M': round(r.topicP99Ms),
    'news.rssMbEmpty': round(r.rssMbEmpty),
    'news.rssMb1M': round(r.rssMbFull),
  };
}
