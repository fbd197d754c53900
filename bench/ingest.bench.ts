/**
 * Ingest throughput: parse → normalize → dedupe → classify → store (SQL tables) on a generated
 * 10,000-item fixture set, against the feed library's bare parse of the same bytes. Runs on SQLite
 * always and on PostgreSQL when TEST_POSTGRES_URL is set (a fresh database, dropped afterwards).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseFeed } from 'feedsmith';
import Parser from 'rss-parser';
import { Classifier } from '../src/news/classify.js';
import { parseFeedsConfig } from '../src/news/feeds-config.js';
import { Ingestor } from '../src/news/ingest.js';
import { SqlStoryRepository } from '../src/news/sql-story-repository.js';
import { loadTopicsConfig } from '../src/news/topics-config.js';
import { openDatabase, type Database } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { benchPostgres } from './bench-postgres.js';

const WORDS = ['PBoC', 'e-CNY', 'pilot', 'digital', 'yuan', 'bank', 'BSN', 'Hangzhou', 'Shenzhen', 'stablecoin', 'regulator', 'ETF', 'price', 'token', 'ledger', 'wallet', 'merchant', 'cross-border', 'mBridge', 'policy', 'market', 'rally', 'launch', 'report', '区块链', '数字人民币'];

const SYLLABLES = ['ba', 'ko', 'ri', 'tan', 'mel', 'sto', 'vex', 'lu', 'dor', 'pin', 'qua', 'zen', 'fir', 'gal', 'hos', 'jun'];

/** Headline vocabulary: the topic keywords plus ~2,000 filler words (real headlines draw on thousands). */
function vocabulary(): string[] {
  const out: string[] = [];
  for (const a of SYLLABLES) for (const b of SYLLABLES) for (const c of SYLLABLES.slice(0, 8)) out.push(a + b + c);
  return out;
}

/** Generates `docs` RSS documents of `perDoc` items each (distinct stories, realistic markup). */
export function generateFeeds(docs = 20, perDoc = 500, now = new Date()): Buffer[] {
  let seed = 42;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = (): string => WORDS[Math.floor(rnd() * WORDS.length)]!;
  const vocab = vocabulary();
  const word = (): string => vocab[Math.floor(rnd() * vocab.length)]!;
  const out: Buffer[] = [];
  for (let d = 0; d < docs; d++) {
    const items: string[] = [];
    for (let i = 0; i < perDoc; i++) {
      const n = d * perDoc + i;
      const title = `${pick()} ${word()} ${pick()} ${word()} ${word()} ${word()} ${word()}`;
      const date = new Date(now.getTime() - (n % 200) * 600_000).toUTCString();
      items.push(
        `<item><title>${title}</title><link>https://outlet${d}.example/news/${n}?utm_source=rss&amp;utm_medium=feed</link>` +
          `<guid isPermaLink="false">o${d}-${n}</guid><pubDate>${date}</pubDate>` +
          `<description><![CDATA[<p>${title}. The <b>${pick()}</b> and ${pick()} were discussed; ${pick()} ${pick()}.</p>]]></description></item>`,
      );
    }
    out.push(Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Outlet ${d}</title><link>https://outlet${d}.example/</link>${items.join('')}</channel></rss>`));
  }
  return out;
}

/** Figures of one benchmark run. */
export interface IngestBenchResult {
  items: number;
  bareParseItemsPerSec: number;
  rssParserItemsPerSec: number;
  pipelineItemsPerSec: number;
  ratio: number;
  /** The same pipeline on PostgreSQL, when TEST_POSTGRES_URL is set. */
  postgres?: { pipelineItemsPerSec: number; ratio: number };
}

/** Best time (ms) of the full pipeline over `rounds` fresh databases opened by `open`. */
async function timePipeline(docs: Buffer[], rounds: number, open: () => Promise<{ database: Database; cleanup: () => Promise<void> }>): Promise<number> {
  const topics = await loadTopicsConfig('config/topics.yaml');
  const sources = parseFeedsConfig({ sources: docs.map((_, d) => ({ id: `outlet${d}`, url: `https://outlet${d}.example/rss` })) });
  const items = docs.length * 500;
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const { database, cleanup } = await open();
    try {
      await migrateToLatest(database);
      const repo = new SqlStoryRepository(database);
      const ingestor = new Ingestor({ repo, sources, classifier: new Classifier(topics) });
      await ingestor.init();
      const t = performance.now();
      let stored = 0;
      for (let d = 0; d < docs.length; d++) {
        const res = await ingestor.ingestDocument(sources[d]!, docs[d]!, { seeded: true });
        stored += res.created.length + res.merged;
      }
      best = Math.min(best, performance.now() - t);
      if (stored !== items) throw new Error(`expected ${items} stored items, got ${stored}`);
    } finally {
      await cleanup();
    }
  }
  return best;
}

/** Runs the benchmark once (best of `rounds` for the parse baselines). */
export async function benchIngest(rounds = 3): Promise<IngestBenchResult> {
  const docs = generateFeeds();
  const items = docs.length * 500;
  const texts = docs.map((b) => b.toString('utf8'));
  let bare = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (const text of texts) parseFeed(text, { maxItems: 500 });
    bare = Math.min(bare, performance.now() - t);
  }
  const rssParser = new Parser();
  let rp = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (const text of texts) await rssParser.parseString(text);
    rp = Math.min(rp, performance.now() - t);
  }
  const pipeline = await timePipeline(docs, Math.max(1, rounds - 1), async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-ingest-'));
    const database = await openDatabase(`sqlite://${path.join(dir, 'bench.sqlite')}`);
    return {
      database,
      cleanup: async () => {
        await database.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  });
  const pgMs = await benchPostgres((open) => timePipeline(docs, Math.max(1, rounds - 1), open));
  const perSec = (ms: number): number => Math.round(items / (ms / 1000));
  const ratio = (ms: number): number => Math.round((bare / ms) * 1000) / 1000;
  return {
    items,
    bareParseItemsPerSec: perSec(bare),
    rssParserItemsPerSec: perSec(rp),
    pipelineItemsPerSec: perSec(pipeline),
    ratio: ratio(pipeline),
    ...(pgMs !== undefined ? { postgres: { pipelineItemsPerSec: perSec(pgMs), ratio: ratio(pgMs) } } : {}),
  };
}

/** The ingest figures as a flat object (for the combined bench report). */
export async function ingestFigures(): Promise<Record<string, number>> {
  const r = await benchIngest();
  return {
    'ingest.items': r.items,
    'ingest.bareParseItemsPerSec': r.bareParseItemsPerSec,
    'ingest.rssParserItemsPerSec': r.rssParserItemsPerSec,
    'ingest.itemsPerSec': r.pipelineItemsPerSec,
    'ingest.ratio': r.ratio,
    ...(r.postgres ? { 'ingest.pg.itemsPerSec': r.postgres.pipelineItemsPerSec, 'ingest.pg.ratio': r.postgres.ratio } : {}),
  };
}
