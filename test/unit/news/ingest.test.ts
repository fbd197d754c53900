import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Classifier } from '../../../src/news/classify.js';
import { parseFeedsConfig, type FeedSource } from '../../../src/news/feeds-config.js';
import { Ingestor } from '../../../src/news/ingest.js';
import { SqlStoryRepository } from '../../../src/news/sql-story-repository.js';
import { createNewsService } from '../../../src/news/news-runtime.js';
import { loadTopicsConfig, type TopicRule } from '../../../src/news/topics-config.js';
import type { Database } from '../../../src/storage/database.js';
import { openSqliteFile } from '../../helpers/databases.js';
import { renderFixture, startFeedServer, type FeedServer } from '../../fakes/feed-server.js';

let server: FeedServer;
let dir: string;
let topics: TopicRule[];
const handles: Database[] = [];

const FIXED_NOW = new Date();

beforeAll(async () => {
  server = await startFeedServer({ now: () => FIXED_NOW });
  dir = await mkdtemp(path.join(os.tmpdir(), 'ingest-'));
  topics = await loadTopicsConfig('config/topics.yaml');
});
afterAll(async () => {
  for (const h of handles) await h.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const GOOD = [
  { id: 'outlet-a', name: 'Outlet A', path: '/outlet-a.rss.xml' },
  { id: 'outlet-b', name: 'Outlet B', path: '/outlet-b.atom.xml' },
  { id: 'outlet-c', name: 'Outlet C', path: '/outlet-c.feed.json' },
];
const HOSTILE = ['/billion-laughs.xml', '/xxe.xml', '/not-a-feed.html', '/invalid-utf8.xml', '/huge', '/never-ends', '/broken.xml', '/status/500'];

function sources(extra: Array<{ id: string; url: string; backfill?: number }> = []): FeedSource[] {
  return parseFeedsConfig({
    sources: [
      ...GOOD.map((g) => ({ id: g.id, name: g.name, url: `${server.url}${g.path}` })),
      ...HOSTILE.map((p, i) => ({ id: `hostile-${i}`, url: `${server.url}${p}` })),
      { id: 'hostile-titles', url: `${server.url}/hostile-titles.rss.xml` },
      ...extra,
    ],
  });
}

async function make(file: string, list: FeedSource[]) {
  const handle = await openSqliteFile(path.join(dir, file));
  handles.push(handle);
  const repo = new SqlStoryRepository(handle);
  const ingestor = new Ingestor({
    repo,
    sources: list,
    classifier: new Classifier(topics),
    options: { allowPrivateNetworks: true, timeoutMs: 800, maxBytes: 2 * 1024 * 1024 },
  });
  return { repo, ingestor, service: createNewsService(repo, list, topics) };
}

describe('ingest pass', () => {
  it('stores each story once across outlets, tags it, counts hostile input as errors, stays silent on first run', async () => {
    const list = sources();
    const { ingestor, service } = await make('a.sqlite', list);
    const s = await ingestor.run({ force: true });
    const by = new Map(s.sources.map((r) => [r.id, r]));
    expect(by.get('outlet-a')).toMatchObject({ status: 'ok', new: 3 });
    // B: the e-CNY story (near-identical title) and the syndicated BTC story (same canonical URL) merge into A's.
    expect(by.get('outlet-b')).toMatchObject({ status: 'ok', new: 1, merged: 2 });
    expect(by.get('outlet-c')).toMatchObject({ status: 'ok', new: 2 });
    expect(by.get('hostile-titles')).toMatchObject({ status: 'ok', new: 3 });
    const failed = s.sources.filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.id).sort()).toEqual(HOSTILE.map((_, i) => `hostile-${i}`).sort());
    const reasons = Object.fromEntries(failed.map((r) => [r.id, r.reason?.split(':')[0]]));
    expect(reasons).toEqual({
      'hostile-0': 'entity-declaration',
      'hostile-1': 'entity-declaration',
      'hostile-2': 'not-a-feed',
      'hostile-3': 'bad-encoding',
      'hostile-4': 'too-large',
      'hostile-5': 'timeout',
      'hostile-6': 'malformed',
      'hostile-7': 'http-status',
    });
    expect(s.totals).toMatchObject({ ok: 4, failed: HOSTILE.length, new: 9 });
    expect(s.announce).toEqual([]); // first run of every source: stored, not announced

    const cbdc = await service.latest({ topic: 'cbdc', limit: 10 });
    const ecny = cbdc.find((x) => x.title.startsWith('PBoC expands e-CNY pilot'))!;
    expect(ecny.outlets.map((o) => o.name)).toEqual(['Outlet A', 'Outlet B']);
    // The cleaned canonical link: no utm_* parameters (the raw link carried utm_source and utm_medium).
    expect(ecny.url).toBe('https://outlet-a.example/news/ecny-pilot-expands');
    expect(ecny.outlets.map((o) => o.url).join(' ')).not.toMatch(/utm_|fbclid/);
    expect(cbdc.map((x) => x.title)).toContain('数字人民币试点再扩围');
    const all = await service.latest({ limit: 50 });
    expect(all.filter((x) => x.title.includes('Bitcoin price rallies'))).toHaveLength(1);
    for (const x of all) {
      expect(x.title).not.toMatch(/<|>|@everyone|@here/);
      expect(x.title.length).toBeLessThanOrEqual(300);
    }
    const health = await service.sources();
    expect(health.find((h) => h.id === 'hostile-0')).toMatchObject({ errorCount: 1, lastError: { reason: expect.stringContaining('entity') } });
    expect((await service.lastIngest())?.sourcesFailed).toBe(HOSTILE.length);

    // Second pass: conditional GET → 304 for unchanged feeds, nothing new.
    const again = await ingestor.run({ force: true });
    expect(new Map(again.sources.map((r) => [r.id, r.status])).get('outlet-a')).toBe('not-modified');
    expect(again.totals.new).toBe(0);
    expect(server.notModified.get('/outlet-a.rss.xml')).toBeGreaterThanOrEqual(1);
  });

  it('does not re-announce after a restart, announces genuinely new items, honours backfill', async () => {
    const list = sources([{ id: 'backfilled', url: `${server.url}/backfill.rss.xml`, backfill: 1 }]);
    const bfItem = (n: number, title: string): string =>
      `<item><title>${title}</title><link>https://backfill.example/${n}</link><guid>bf-${n}</guid><pubDate>${new Date(FIXED_NOW.getTime() - n * 3600_000).toUTCString()}</pubDate></item>`;
    server.set(
      '/backfill.rss.xml',
      `<rss version="2.0"><channel><title>BF</title>${bfItem(1, 'Sandbox approves tokenized deposit trial')}${bfItem(2, 'Stablecoin issuer files annual report')}${bfItem(3, 'Wholesale CBDC test concludes in Basel')}</channel></rss>`,
    );
    server.set('/restart-a.rss.xml', renderFixture('outlet-a.rss.xml', FIXED_NOW));
    const first = await make('b.sqlite', list.map((s) => (s.id === 'outlet-a' ? { ...s, url: `${server.url}/restart-a.rss.xml` } : s)));
    const s1 = await first.ingestor.run({ force: true });
    expect(s1.announce.map((x) => x.title)).toEqual(['Sandbox approves tokenized deposit trial']); // backfill: the 1 newest
    // "Restart": a new ingestor over the same file; outlet A now carries one extra item (new ETag).
    const extra = `<item><title>Digital euro legislation advances in parliament</title><link>https://outlet-a.example/eu/digital-euro</link><guid>outlet-a-2000</guid><pubDate>${new Date().toUTCString()}</pubDate></item>`;
    server.set('/restart-a.rss.xml', renderFixture('outlet-a.rss.xml', FIXED_NOW).replace('<item>', `${extra}<item>`));
    const second = await make('b.sqlite', list.map((s) => (s.id === 'outlet-a' ? { ...s, url: `${server.url}/restart-a.rss.xml` } : s)));
    const s2 = await second.ingestor.run({ force: true });
    expect(s2.announce.map((x) => x.title)).toEqual(['Digital euro legislation advances in parliament']);
    const a = s2.sources.find((r) => r.id === 'outlet-a')!;
    expect(a).toMatchObject({ status: 'ok', new: 1, duplicates: 3 });
    expect(s2.announce[0]!.topics.map((t) => t.topic)).toContain('cbdc');
  });

  it('backs off failing sources and marks them unhealthy after repeated failures', async () => {
    const list = parseFeedsConfig({ sources: [{ id: 'down', url: `${server.url}/status/502` }, { id: 'up', url: `${server.url}/outlet-c.feed.json` }] });
    const { ingestor, service } = await make('c.sqlite', list);
    for (let i = 0; i < 3; i++) await ingestor.run({ force: true });
    const down = (await service.sources()).find((s) => s.id === 'down')!;
    expect(down).toMatchObject({ healthy: false, consecutiveFailures: 3, errorCount: 3, lastError: { reason: 'http-status: HTTP 502' } });
    expect(Date.parse(down.nextAttemptAt!)).toBeGreaterThan(Date.now());
    const scheduled = await ingestor.run();
    expect(scheduled.sources.find((r) => r.id === 'down')?.status).toBe('skipped');
    expect((await service.sources()).find((s) => s.id === 'up')).toMatchObject({ healthy: true, itemCount: 2 });
  });
});
