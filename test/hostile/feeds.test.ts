/**
 * Hostile feeds: every hostile text as a story title in a JSON Feed and an RSS feed, served by the
 * local feed server and ingested by the real pipeline into a real SQLite store; then /news and
 * /sources through the real commands and all three renderers. Plus the hostile feed fixtures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import newsCommand from '../../commands/news.js';
import sourcesCommand from '../../commands/sources.js';
import type { Services } from '../../commands/services.js';
import { CONSOLE_ACTOR } from '../../src/adapters/console/console-adapter.js';
import { BotCore } from '../../src/core/dispatch.js';
import { Classifier } from '../../src/news/classify.js';
import { parseFeedsConfig, type FeedSource } from '../../src/news/feeds-config.js';
import { Ingestor, type IngestSummary } from '../../src/news/ingest.js';
import { SqlStoryRepository } from '../../src/news/sql-story-repository.js';
import { createNewsService } from '../../src/news/news-runtime.js';
import type { NewsService } from '../../src/news/news-service.js';
import { loadTopicsConfig } from '../../src/news/topics-config.js';
import { freshSqlite, type TestDatabase } from '../helpers/databases.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { FEED_FORMATS, HOSTILE_FEED_PATHS, HOSTILE_TEXTS } from './cases.js';
import { expectSafeEverywhere } from './checks.js';

const NOW = new Date();
const dir = mkdtempSync(path.join(tmpdir(), 'hostile-feeds-'));
let server: FeedServer;
let store: TestDatabase;
let service: NewsService;
let summary: IngestSummary;
let sources: FeedSource[];

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A one-item feed whose title is the hostile text (and whose outlet name is hostile too). */
function feedBody(format: (typeof FEED_FORMATS)[number], i: number, title: string): { body: string; type: string } {
  const link = `https://hostile.example/${format}/${i}`;
  const date = new Date(NOW.getTime() - 60_000 * (i + 1));
  if (format === 'json') {
    return {
      type: 'application/feed+json',
      body: JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: `Hostile ${title}`, items: [{ id: link, url: link, title: `CBDC ${title}`, content_text: title, date_published: date.toISOString() }] }),
    };
  }
  return {
    type: 'application/rss+xml; charset=utf-8',
    body: `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${xml(title)}</title><item><title>CBDC ${xml(title)}</title><link>${link}</link><guid>${link}</guid><pubDate>${date.toUTCString()}</pubDate><description>${xml(title)}</description></item></channel></rss>`,
  };
}

const feedCases = FEED_FORMATS.flatMap((format) => HOSTILE_TEXTS.map((t, i) => ({ format, i, label: t.label, value: t.value, id: `${format}-${i}` })));

beforeAll(async () => {
  server = await startFeedServer({ now: () => NOW });
  for (const c of feedCases) {
    const { body, type } = feedBody(c.format, c.i, c.value);
    server.set(`/case/${c.id}`, body, type);
  }
  sources = parseFeedsConfig({
    sources: [
      ...feedCases.map((c) => ({ id: c.id, name: `Outlet ${c.id}`, url: `${server.url}/case/${c.id}`, backfill: 1 })),
      ...HOSTILE_FEED_PATHS.map((p, i) => ({ id: `fixture-${i}`, name: `Fixture ${i}`, url: `${server.url}${p}` })),
    ],
  });
  store = await freshSqlite();
  const repo = new SqlStoryRepository(store.database);
  const topics = await loadTopicsConfig('config/topics.yaml');
  const ingestor = new Ingestor({
    repo,
    sources,
    classifier: new Classifier(topics),
    options: { allowPrivateNetworks: true, timeoutMs: 1500, maxBytes: 2 * 1024 * 1024 },
  });
  summary = await ingestor.run({ force: true });
  service = createNewsService(repo, sources, topics);
}, 60_000);
afterAll(async () => {
  await store.cleanup();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A core whose /news sees only the stories one source carried (the real service, filtered). */
function coreFor(outlet: string): BotCore<Services> {
  const only: NewsService = {
    ...service,
    latest: async ({ limit }) => (await service.latest({ limit: 500 })).filter((s) => s.outlets.some((o) => o.name === outlet)).slice(0, limit),
  };
  return new BotCore<Services>({ commands: [newsCommand, sourcesCommand], services: { news: only } as unknown as Services });
}

describe('hostile feed items', () => {
  it('most hostile titles are stored (cleaned), so the cases below render real stories', () => {
    // JSON Feed carries any character, controls included: every item must be taken in — stored as
    // a new story, or merged into an earlier one when its cleaned title is the same ("CBDC China").
    const json = summary.sources.filter((r) => r.id.startsWith('json-'));
    expect(json.map((r) => [r.id, r.status])).toEqual(json.map((r) => [r.id, 'ok']));
    for (const r of json) expect(r.status === 'ok' && r.new + r.merged + r.duplicates, r.id).toBe(1);
    expect(json.filter((r) => r.status === 'ok' && r.new === 1).length).toBeGreaterThan(HOSTILE_TEXTS.length / 2);
  });

  it.each(feedCases)('$format feed titled with $label', async ({ id }) => {
    const result = summary.sources.find((r) => r.id === id);
    expect(result, 'the pass reported this source').toBeDefined();
    if (result!.status === 'failed') {
      // Refused as a whole: a clear, counted reason (and /sources shows it safely, below).
      expect(result!.reason ?? '').toMatch(/^[a-z-]+: /);
    } else {
      expect(result!.status).toBe('ok');
    }
    const core = coreFor(`Outlet ${id}`);
    const news = await core.handleText('/news 10', CONSOLE_ACTOR, 'console:local');
    expectSafeEverywhere(news, `/news for ${id}`);
    if (result!.status === 'ok' && result!.new > 0) expect(news!.kind).not.toBe('error');
  });
});

describe('hostile feeds (fixtures and server tricks)', () => {
  it.each(HOSTILE_FEED_PATHS.map((p, i) => ({ p, i, id: `fixture-${i}` })))('$p fails or is cleaned, never crashes', async ({ i, id }) => {
    const result = summary.sources.find((r) => r.id === id);
    expect(result).toBeDefined();
    if (result!.status === 'failed') expect(result!.reason ?? '').toMatch(/^[a-z-]+: /);
    const sources = await coreFor(`Fixture ${i}`).handleText('/sources', CONSOLE_ACTOR, 'console:local');
    expectSafeEverywhere(sources, `/sources after ${id}`);
    const news = await coreFor(`Fixture ${i}`).handleText('/news 10', CONSOLE_ACTOR, 'console:local');
    expectSafeEverywhere(news, `/news after ${id}`);
  });
});
