/** The SQL story repository on SQLite always and on PostgreSQL when TEST_POSTGRES_URL is set (CI). */
import { afterAll, describe, expect, it } from 'vitest';
import { SqlStoryRepository } from '../../../src/news/sql-story-repository.js';
import type { StoryBatch } from '../../../src/news/story-repository.js';
import type { SourceState, Story } from '../../../src/news/types.js';
import { dialectsUnderTest, type TestDatabase } from '../../helpers/databases.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const hoursAgo = (h: number): string => new Date(NOW.getTime() - h * 3600_000).toISOString();

function story(id: string, opts: { title?: string; hours?: number; topics?: string[]; source?: string; firstPass?: boolean } = {}): Story {
  const at = hoursAgo(opts.hours ?? 1);
  const url = `https://news.example/${id}`;
  return {
    id,
    title: opts.title ?? `Story ${id}`,
    url: `${url}?utm_source=rss`,
    canonicalUrl: url,
    summary: `Summary of ${id}`,
    publishedAt: at,
    firstSeenAt: NOW.toISOString(),
    language: 'en',
    sources: [{ sourceId: opts.source ?? 'src-a', url, title: opts.title ?? `Story ${id}`, publishedAt: at }],
    topics: (opts.topics ?? ['cbdc']).map((topic, i) => ({ topic, score: 3 - i })),
    announce: !opts.firstPass,
    firstPass: opts.firstPass ?? false,
  };
}

function batch(created: Story[], extra: Partial<StoryBatch> = {}): StoryBatch {
  return { created, outlets: [], urls: created.map((s) => [`u:${s.id}`, s.id]), guids: created.map((s) => [`g-${s.id}`, s.id]), sourceId: 'src-a', ...extra };
}

describe.each(dialectsUnderTest())('SqlStoryRepository on $name', ({ fresh }) => {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    for (const t of made) await t.cleanup();
  });
  async function repo(retentionDays = 30): Promise<{ repo: SqlStoryRepository; t: TestDatabase }> {
    const t = await fresh();
    made.push(t);
    return { repo: new SqlStoryRepository(t.database, { retentionDays }), t };
  }

  it('hands out sequences in order, lists since a cursor (by topic too), and keeps the first-pass flag', async () => {
    const { repo: r } = await repo();
    expect(await r.latestSequence()).toBe(0);
    const first = await r.write((w) => w.save(batch([story('a', { topics: ['cbdc'], firstPass: true }), story('b', { topics: ['policy'] })])));
    expect(first).toEqual({ seqs: [1, 2], last: 2 });
    await r.write((w) => w.save(batch([story('c', { topics: ['cbdc', 'policy'] })])));
    expect(await r.latestSequence()).toBe(3);
    const all = await r.listSince({ afterSeq: 0, limit: 10 });
    expect(all.map((s) => [s.id, s.seq, s.firstPass])).toEqual([
      ['a', 1, true],
      ['b', 2, false],
      ['c', 3, false],
    ]);
    expect(all[2]!.topics).toEqual([
      { topic: 'cbdc', score: 3 },
      { topic: 'policy', score: 2 },
    ]);
    expect((await r.listSince({ afterSeq: 1, limit: 10 })).map((s) => s.id)).toEqual(['b', 'c']);
    expect((await r.listSince({ afterSeq: 0, limit: 1 })).map((s) => s.id)).toEqual(['a']);
    expect((await r.listSince({ afterSeq: 0, limit: 10, topics: ['cbdc'] })).map((s) => s.id)).toEqual(['a', 'c']);
    expect(await r.listSince({ afterSeq: 0, limit: 10, topics: [] })).toEqual([]);
  });

  it('lists the newest first by publication time, per topic through the join table, within retention', async () => {
    const { repo: r } = await repo(30);
    await r.write((w) => w.save(batch([story('old', { hours: 24 * 40 }), story('mid', { hours: 5, topics: ['policy'] }), story('new', { hours: 1 }), story('newer', { hours: 0.5, topics: ['cbdc', 'policy'] })])));
    expect((await r.listRecent({ limit: 10, now: NOW })).map((s) => s.id)).toEqual(['newer', 'new', 'mid']);
    expect((await r.listRecent({ limit: 2, now: NOW })).map((s) => s.id)).toEqual(['newer', 'new']);
    expect((await r.listRecent({ topic: 'policy', limit: 10, now: NOW })).map((s) => s.id)).toEqual(['newer', 'mid']);
    expect(await r.listRecent({ topic: 'nothing', limit: 10, now: NOW })).toEqual([]);
    const [s] = await r.listRecent({ topic: 'cbdc', limit: 1, now: NOW });
    expect(s).toMatchObject({ canonicalUrl: 'https://news.example/newer', url: 'https://news.example/newer?utm_source=rss', language: 'en', sources: [{ sourceId: 'src-a' }] });
  });

  it('searches titles literally, ignoring case and width; % and _ are plain characters', async () => {
    const { repo: r } = await repo();
    await r.write((w) =>
      w.save(batch([story('p', { title: 'PBoC widens e-CNY pilot' }), story('q', { title: 'Rates rise 100% in test_net' }), story('r', { title: 'Ｄｉｇｉｔａｌ yuan wallets', hours: 2 }), story('s', { title: 'Rates rise 1000 in testxnet' })])),
    );
    const ids = async (terms: string[], sinceMs?: number): Promise<string[]> => (await r.search({ terms, limit: 10, now: NOW, ...(sinceMs ? { sinceMs } : {}) })).map((s) => s.id);
    expect(await ids(['e-cny'])).toEqual(['p']);
    expect(await ids(['DIGITAL YUAN'])).toEqual(['r']);
    expect(await ids(['100%'])).toEqual(['q']);
    expect(await ids(['test_net'])).toEqual(['q']);
    expect(await ids(['.*'])).toEqual([]);
    expect(await ids(['pilot', 'wallets'])).toEqual(['p', 'r']);
    expect(await ids(['wallets'], NOW.getTime() - 3600_000)).toEqual([]);
    expect(await ids(['  '])).toEqual([]);
  });

  it('adds outlets and alias keys to an existing story; a duplicate story id fails the whole batch', async () => {
    const { repo: r, t } = await repo();
    await r.write((w) => w.save(batch([story('a')])));
    await r.write((w) =>
      w.save({
        created: [],
        outlets: [{ storyId: 'a', outlet: { sourceId: 'src-b', url: 'https://b.example/a', title: 'A at B', publishedAt: hoursAgo(1) } }],
        urls: [['u:alias', 'a']],
        guids: [['gb', 'a']],
        sourceId: 'src-b',
      }),
    );
    const found = await r.write((w) => w.identify('src-b', ['u:alias', 'u:a', 'u:none'], ['gb', 'g-a']));
    expect(found.urls).toEqual(new Map([['u:alias', 'a'], ['u:a', 'a']]));
    expect(found.guids).toEqual(new Map([['gb', 'a']])); // g-a is src-a's GUID, not src-b's
    expect((await r.listSince({ afterSeq: 0, limit: 5 }))[0]!.sources.map((s) => s.sourceId)).toEqual(['src-a', 'src-b']);
    expect(await r.write((w) => w.heads(['a']))).toEqual([{ id: 'a', title: 'Story a', publishedAt: hoursAgo(1), sourceIds: ['src-a', 'src-b'] }]);

    await expect(r.write((w) => w.save(batch([story('z'), story('a')])))).rejects.toThrow();
    expect(await r.latestSequence()).toBe(1);
    expect((await r.listSince({ afterSeq: 0, limit: 10 })).map((s) => s.id)).toEqual(['a']);
    expect(await t.database.db.selectFrom('story_urls').select('url_key').where('story_id', '=', 'z').execute()).toEqual([]);
  });

  it('prunes by publication time, removing the children with the story', async () => {
    const { repo: r, t } = await repo(30);
    await r.write((w) => w.save(batch([story('gone', { hours: 24 * 31, topics: ['cbdc', 'policy'] }), story('kept', { hours: 24 * 29 })])));
    expect(await r.prune(NOW)).toBe(1);
    expect(await r.prune(NOW)).toBe(0);
    for (const table of ['story_outlets', 'story_topics', 'story_urls', 'story_guids'] as const) {
      const rows = await t.database.db.selectFrom(table).select('story_id').execute();
      expect(rows.map((x) => x.story_id)).toEqual(['kept']);
    }
    expect((await r.headsSince(0)).map((h) => h.id)).toEqual(['kept']);
  });

  it('keeps source states and the last-ingest mark', async () => {
    const { repo: r } = await repo();
    const full: SourceState = {
      id: 'src-a',
      url: 'https://a.example/rss',
      healthy: false,
      consecutiveFailures: 3,
      errorCount: 7,
      lastError: { at: hoursAgo(1), reason: 'timeout: no answer' },
      lastAttemptAt: hoursAgo(1),
      lastSuccessAt: hoursAgo(5),
      nextAttemptAt: hoursAgo(-1),
      etag: '"abc"',
      lastModified: 'Mon, 01 Jun 2026 10:00:00 GMT',
      itemCount: 42,
      seeded: true,
    };
    const bare: SourceState = { id: 'src-b', url: 'https://b.example/rss', healthy: true, consecutiveFailures: 0, errorCount: 0, itemCount: 0, seeded: false };
    await r.saveSource(full);
    await r.saveSource(bare);
    await r.saveSource({ ...bare, itemCount: 2 });
    expect(await r.getSources(['src-b', 'none', 'src-a'])).toEqual([{ ...bare, itemCount: 2 }, undefined, full]);
    expect(await r.lastIngest()).toBeUndefined();
    const mark = { at: NOW.toISOString(), sourcesOk: 3, sourcesFailed: 1, newStories: 9 };
    await r.markIngest(mark);
    await r.markIngest({ ...mark, newStories: 10 });
    expect(await r.lastIngest()).toEqual({ ...mark, newStories: 10 });
  });

  it('serialises writers: a reader following the cursor never misses a story committed out of order', async () => {
    const { repo: r, t } = await repo();
    // On PostgreSQL a second pool, as another process would have. (Two SQLite handles in one thread
    // would wait on each other synchronously; processes sharing a file are tested in the e2e suite.)
    const other = t.database.dialect === 'postgres' ? new SqlStoryRepository(await openSame(t), {}) : r;
    const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
    let n = 0;
    const writeOne = (repoX: SqlStoryRepository, delay: number) =>
      repoX.write(async (w) => {
        const id = `w${n++}`;
        await sleep(delay); // hold the writer slot: a later writer must not commit a smaller sequence after it
        return w.save(batch([story(id)]));
      });
    const seen: string[] = [];
    let cursor = 0;
    let done = false;
    const reader = (async () => {
      while (!done) {
        for (const s of await r.listSince({ afterSeq: cursor, limit: 100 })) {
          seen.push(s.id);
          cursor = s.seq;
        }
        await sleep(2);
      }
    })();
    await Promise.all(Array.from({ length: 12 }, (_, i) => writeOne(i % 2 ? r : other, (i * 7) % 15)));
    done = true;
    await reader;
    for (const s of await r.listSince({ afterSeq: cursor, limit: 100 })) seen.push(s.id);
    const all = await r.listSince({ afterSeq: 0, limit: 100 });
    expect(all.map((s) => s.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect([...seen].sort()).toEqual(all.map((s) => s.id).sort());
  });
});

/** Opens a second handle on a test database (another process's view). */
async function openSame(t: TestDatabase) {
  const { openDatabase } = await import('../../../src/storage/database.js');
  const d = await openDatabase(t.url);
  const cleanup = t.cleanup;
  t.cleanup = async () => {
    await d.close();
    await cleanup();
  };
  return d;
}
