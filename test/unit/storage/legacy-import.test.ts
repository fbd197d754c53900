/**
 * Import of a store written by release 0.1 (keyv table, namespace `news`), from a fixture made by
 * that release's own code (test/fixtures/legacy; the script that wrote it is in git history).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Classifier } from '../../../src/news/classify.js';
import { parseFeedsConfig } from '../../../src/news/feeds-config.js';
import { Ingestor } from '../../../src/news/ingest.js';
import { importLegacyStore, legacyStorePending } from '../../../src/news/legacy-import.js';
import { SqlStoryRepository } from '../../../src/news/sql-story-repository.js';
import { loadTopicsConfig } from '../../../src/news/topics-config.js';
import type { SourceState, Story } from '../../../src/news/types.js';
import { openDatabase, type Database } from '../../../src/storage/database.js';
import { sqlKeyvStore } from '../../../src/storage/keyv-factory.js';
import { migrateToLatest } from '../../../src/storage/migrate.js';
import { startFeedServer } from '../../fakes/feed-server.js';
import { dialectsUnderTest } from '../../helpers/databases.js';

const FIXTURE = path.join('test', 'fixtures', 'legacy');
type OldStory = Omit<Story, 'canonicalUrl' | 'firstPass'> & { keys: string[] };
const expected = JSON.parse(readFileSync(path.join(FIXTURE, 'keyv-store.expected.json'), 'utf8')) as {
  generatedAt: string;
  stories: OldStory[];
  sources: SourceState[];
  lastIngest: { at: string; sourcesOk: number; sourcesFailed: number; newStories: number };
};
const NOW = new Date(expected.generatedAt);

let dir: string;
let database: Database;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cb-legacy-'));
  copyFileSync(path.join(FIXTURE, 'keyv-store.sqlite'), path.join(dir, 'chainbrief.sqlite'));
  database = await openDatabase(`sqlite://${path.join(dir, 'chainbrief.sqlite')}`);
  await migrateToLatest(database);
});
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('import of a release-0.1 keyv store', () => {
  it('imports stories, outlets, topics, keys, source states and other namespaces once', async () => {
    expect(await legacyStorePending(database)).toBe(true);
    const result = await importLegacyStore(database, () => NOW.getTime());
    expect(result).toEqual({ stories: expected.stories.length, sources: 3, otherKeys: 2 });
    expect(await legacyStorePending(database)).toBe(false);
    expect(await importLegacyStore(database)).toBeUndefined();

    const repo = new SqlStoryRepository(database);
    const stories = await repo.listRecent({ limit: 50, now: NOW });
    // Same stories, same newest-first order, same outlets and topics; links cleaned; they never alert.
    expect(stories.map((s) => s.id)).toEqual(expected.stories.map((s) => s.id));
    for (const [i, s] of stories.entries()) {
      const old = expected.stories[i]!;
      expect(s).toMatchObject({ title: old.title, url: old.url, summary: old.summary, publishedAt: old.publishedAt, firstPass: true, announce: false });
      expect(s.sources.map((x) => x.sourceId)).toEqual(old.sources.map((x) => x.sourceId));
      expect([...s.topics].sort((a, b) => a.topic.localeCompare(b.topic))).toEqual([...old.topics].sort((a, b) => a.topic.localeCompare(b.topic)));
      expect(s.canonicalUrl).not.toMatch(/utm_|fbclid/);
    }
    expect((await repo.listSince({ afterSeq: 0, limit: 50 })).map((s) => s.seq)).toEqual(expected.stories.map((_, i) => i + 1));
    expect(await repo.latestSequence()).toBe(expected.stories.length);
    expect(await repo.getSources(expected.sources.map((s) => s.id))).toEqual(expected.sources);
    expect(await repo.lastIngest()).toEqual(expected.lastIngest);
    const keyv = sqlKeyvStore(database);
    expect(await keyv.namespace<string>('discord').get('commands-hash:global')).toBe('abc123');
    expect(await keyv.namespace<string>('telegram').get('migrated:-100')).toBe('-100200300');
  });

  it('then ingesting the same feeds adds nothing: GUIDs, URLs and aliases were carried over', async () => {
    const server = await startFeedServer({ now: () => NOW });
    try {
      const sources = parseFeedsConfig({
        sources: [
          { id: 'outlet-a', name: 'Outlet A', url: `${server.url}/outlet-a.rss.xml` },
          { id: 'outlet-b', name: 'Outlet B', url: `${server.url}/outlet-b.atom.xml` },
          { id: 'outlet-c', name: 'Outlet C', url: `${server.url}/outlet-c.feed.json` },
        ],
      });
      const repo = new SqlStoryRepository(database);
      const ingestor = new Ingestor({
        repo,
        sources,
        classifier: new Classifier(await loadTopicsConfig('config/topics.yaml')),
        clock: { now: () => NOW },
        options: { allowPrivateNetworks: true },
      });
      const summary = await ingestor.run({ force: true });
      expect(summary.totals).toMatchObject({ ok: 3, new: 0, merged: 0 });
      expect(await repo.latestSequence()).toBe(expected.stories.length);
    } finally {
      await server.close();
    }
  });
});

describe.each(dialectsUnderTest())('no legacy store on $name', ({ fresh }) => {
  it('finds nothing to import in a new database', async () => {
    const t = await fresh();
    try {
      expect(await legacyStorePending(t.database)).toBe(false);
      expect(await importLegacyStore(t.database)).toBeUndefined();
    } finally {
      await t.cleanup();
    }
  });
});
