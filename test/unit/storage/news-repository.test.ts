import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NewsRepository } from '../../../src/news/news-repository.js';
import type { Story } from '../../../src/news/types.js';
import { openStore, type StoreHandle } from '../../../src/storage/keyv-factory.js';
import { redisEnabled, TEST_REDIS_URL } from '../../helpers/redis.js';

const DAY = 86_400_000;
const NOW = new Date('2025-03-01T12:00:00Z');

function story(id: string, ageDays: number, topics: string[] = ['cbdc']): Story {
  const at = new Date(NOW.getTime() - ageDays * DAY).toISOString();
  return {
    id,
    title: `Story ${id}`,
    url: `https://x.example/${id}`,
    summary: '',
    publishedAt: at,
    firstSeenAt: at,
    sources: [{ sourceId: 'a', url: `https://x.example/${id}`, title: `Story ${id}`, publishedAt: at }],
    topics: topics.map((topic) => ({ topic, score: 2 })),
    announce: true,
    keys: [`u:${id}`],
  };
}

/** The same contract for every backend. */
function repositorySuite(name: string, open: () => Promise<{ handle: StoreHandle; cleanup: () => Promise<void> }>): void {
  describe(`NewsRepository on ${name}`, () => {
    let handle: StoreHandle;
    let cleanup: () => Promise<void>;
    let repo: NewsRepository;
    const made: NewsRepository[] = [];
    beforeAll(async () => {
      ({ handle, cleanup } = await open());
    });
    afterAll(async () => {
      for (const r of made) await r.clear();
      await handle.close();
      await cleanup();
    });
    beforeEach(async () => {
      repo = NewsRepository.open(handle, { namespace: `news-test-${randomUUID()}`, retentionDays: 90, indexCap: 50 });
      made.push(repo);
      await repo.registerTopics(['cbdc', 'markets']);
    });

    it('stores stories with pointers and lists them newest first by topic', async () => {
      await repo.saveBatch({ created: [story('old', 3), story('new', 1), story('mkt', 2, ['markets'])], updated: [], pointers: [['u:old', 'old'], ['u:new', 'new'], ['u:mkt', 'mkt']] });
      expect((await repo.listRecent({ topic: 'cbdc', limit: 10, now: NOW })).map((s) => s.id)).toEqual(['new', 'old']);
      expect((await repo.listRecent({ limit: 10, now: NOW })).map((s) => s.id)).toEqual(['new', 'mkt', 'old']);
      expect((await repo.listRecent({ topic: 'cbdc', limit: 1, now: NOW })).map((s) => s.id)).toEqual(['new']);
      const found = await repo.lookup(['u:old', 'u:missing']);
      expect([...found.entries()]).toEqual([['u:old', 'old']]);
    });

    it('updates a story (another outlet) without duplicating it in the indexes', async () => {
      const s = story('s1', 1);
      await repo.saveBatch({ created: [s], updated: [], pointers: [['u:s1', 's1']] });
      s.sources.push({ sourceId: 'b', url: 'https://b.example/1', title: 'Story s1', publishedAt: s.publishedAt });
      await repo.saveBatch({ created: [], updated: [s], pointers: [['u:b1', 's1']] });
      const list = await repo.listRecent({ topic: 'cbdc', limit: 10, now: NOW });
      expect(list).toHaveLength(1);
      expect(list[0]!.sources.map((x) => x.sourceId)).toEqual(['a', 'b']);
      expect((await repo.lookup(['u:b1'])).get('u:b1')).toBe('s1');
    });

    it('caps indexes so listing never scans everything', async () => {
      const many = Array.from({ length: 80 }, (_, i) => story(`m${i}`, i / 100));
      await repo.saveBatch({ created: many, updated: [], pointers: [] });
      const list = await repo.listRecent({ topic: 'cbdc', limit: 100, now: NOW });
      expect(list).toHaveLength(50);
      expect(list[0]!.id).toBe('m0');
    });

    it('prunes stories and pointers past retention; they are not listed before pruning either', async () => {
      await repo.saveBatch({ created: [story('keep', 10), story('drop', 120)], updated: [], pointers: [['u:keep', 'keep'], ['u:drop', 'drop']] });
      expect((await repo.listRecent({ limit: 10, now: NOW })).map((s) => s.id)).toEqual(['keep']);
      expect(await repo.prune(NOW)).toBe(1);
      expect(await repo.getStories(['drop'])).toEqual([]);
      expect((await repo.lookup(['u:drop'])).size).toBe(0);
      expect((await repo.storiesSince(NOW.getTime() - 365 * DAY)).map((s) => s.id)).toEqual(['keep']);
    });

    it('identifies a document in one read: pointers, existing stories, the GUID map', async () => {
      await repo.saveBatch({ created: [story('a1', 1)], updated: [], pointers: [['u:alias', 'a1']], guids: { sourceId: 'src', entries: [['g1', 'a1']] } });
      const r = await repo.identify('src', ['u:alias', 'u:none', 'u:alias'], ['a1', 'zz', 'a1']);
      expect([...r.aliases.entries()]).toEqual([['u:alias', 'a1']]);
      expect([...r.existing]).toEqual(['a1']);
      expect([...r.guids.entries()]).toEqual([['g1', 'a1']]);
      expect((await repo.identify('other', [], [])).guids.size).toBe(0);
    });

    it('merges a batch into the indexes newest first, batch entries before stored ones of the same time', async () => {
      const at = (id: string, ageDays: number, t?: string): Story => ({ ...story(id, ageDays), ...(t ? { publishedAt: t } : {}) });
      const same = new Date(NOW.getTime() - DAY).toISOString();
      await repo.saveBatch({ created: [at('x1', 3), at('x2', 1, same), at('x3', 5)], updated: [], pointers: [] });
      await repo.saveBatch({ created: [at('y1', 4), at('y2', 1, same), at('y3', 0.5), at('x3', 5)], updated: [], pointers: [] });
      expect((await repo.listRecent({ limit: 20, now: NOW })).map((s) => s.id)).toEqual(['y3', 'y2', 'x2', 'x1', 'y1', 'x3']);
    });

    it('stores data that a plain keyv client reads back unchanged (same serialized form)', async () => {
      const ns = `news-compat-${randomUUID()}`;
      const r = NewsRepository.open(handle, { namespace: ns });
      made.push(r);
      const s = { ...story('c1', 1), title: ':colon title', summary: '::two' };
      await r.saveBatch({ created: [s], updated: [], pointers: [['u:c1', 'c1']] });
      const plain = handle.namespace<unknown>(ns);
      expect(await plain.get('s:c1')).toEqual(s);
      await plain.set('s:c2', { ...s, id: 'c2' });
      expect(await r.getStories(['c2'])).toEqual([{ ...s, id: 'c2' }]);
    });

    it('keeps source state and the last ingest mark', async () => {
      await repo.saveSource({ id: 'a', url: 'https://a.example', healthy: false, consecutiveFailures: 3, errorCount: 3, itemCount: 0, seeded: false, lastError: { at: NOW.toISOString(), reason: 'timeout' } });
      expect((await repo.getSources(['a', 'b']))[0]?.lastError?.reason).toBe('timeout');
      expect((await repo.getSources(['a', 'b']))[1]).toBeUndefined();
      await repo.markIngest({ at: NOW.toISOString(), sourcesOk: 1, sourcesFailed: 0, newStories: 2 });
      expect((await repo.lastIngest())?.newStories).toBe(2);
    });
  });
}

repositorySuite('SQLite', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'news-repo-'));
  return { handle: openStore(`sqlite://${path.join(dir, 'news.sqlite')}`), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

if (await redisEnabled()) repositorySuite('Redis', async () => ({ handle: openStore(TEST_REDIS_URL), cleanup: async () => undefined }));
