/** Ingest when the store misbehaves: start-up retries, and nothing half-saved leaks into dedupe. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Classifier } from '../../../src/news/classify.js';
import { parseFeedsConfig } from '../../../src/news/feeds-config.js';
import { Ingestor } from '../../../src/news/ingest.js';
import { SqlStoryRepository } from '../../../src/news/sql-story-repository.js';
import { loadTopicsConfig, type TopicRule } from '../../../src/news/topics-config.js';
import type { Database } from '../../../src/storage/database.js';
import { openSqliteFile } from '../../helpers/databases.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const clock = { now: () => NOW };
let dir: string;
let topics: TopicRule[];
const handles: Database[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ingest-failures-'));
  topics = await loadTopicsConfig('config/topics.yaml');
});
afterAll(async () => {
  for (const h of handles) await h.close();
  await rm(dir, { recursive: true, force: true });
});

async function repoAt(file: string): Promise<SqlStoryRepository> {
  const handle = await openSqliteFile(path.join(dir, file));
  handles.push(handle);
  return new SqlStoryRepository(handle);
}

const rss = (items: Array<{ title: string; link: string; guid: string }>): Uint8Array =>
  new TextEncoder().encode(
    `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${items
      .map((i) => `<item><title>${i.title}</title><link>${i.link}</link><guid>${i.guid}</guid><pubDate>${new Date(NOW.getTime() - 3600_000).toUTCString()}</pubDate></item>`)
      .join('')}</channel></rss>`,
  );

describe('Ingestor start-up', () => {
  it('retries loading the dedupe window on the next pass after the store failed once', async () => {
    const repo = await repoAt('init.sqlite');
    const latestSequence = repo.latestSequence.bind(repo);
    let down = true;
    repo.latestSequence = async () => {
      if (down) throw new Error('store down');
      return latestSequence();
    };
    // No sources: a pass only needs the store, so the first one fails on it alone.
    const ingestor = new Ingestor({ repo, sources: [], classifier: new Classifier(topics), clock });
    await expect(ingestor.run({ force: true })).rejects.toThrow('store down');
    down = false; // the store is back
    await expect(ingestor.run({ force: true })).resolves.toMatchObject({ totals: { failed: 0 } });
    await expect(ingestor.init()).resolves.toBeUndefined();
  });
});

describe('Ingestor when saving a batch fails', () => {
  it('does not route a later near-duplicate to a story that was never saved', async () => {
    const repo = await repoAt('save.sqlite');
    const write = repo.write.bind(repo);
    let failures = 1;
    repo.write = (fn) =>
      write((w) =>
        fn({
          ...w,
          save: async (batch) => {
            if (failures > 0) {
              failures--;
              throw new Error('database is locked');
            }
            return w.save(batch);
          },
        }),
      );
    const [a, b] = parseFeedsConfig({
      sources: [
        { id: 'outlet-a', name: 'Outlet A', url: 'https://a.example/rss' },
        { id: 'outlet-b', name: 'Outlet B', url: 'https://b.example/rss' },
      ],
    });
    const ingestor = new Ingestor({ repo, sources: [a!, b!], classifier: new Classifier(topics), clock });
    const title = 'Central bank widens digital yuan pilot to six more cities';

    // Outlet A's story is never saved.
    await expect(ingestor.ingestDocument(a!, rss([{ title, link: 'https://a.example/ecny', guid: 'a-1' }]), { seeded: true })).rejects.toThrow('database is locked');

    // Outlet B's near-identical story must be stored as a story of its own, not dropped.
    const fromB = await ingestor.ingestDocument(b!, rss([{ title, link: 'https://b.example/ecny', guid: 'b-1' }]), { seeded: true });
    expect(fromB).toMatchObject({ items: 1, merged: 0, duplicates: 0 });
    expect(fromB.created.map((s) => s.url)).toEqual(['https://b.example/ecny']);
    let stored = await repo.listRecent({ limit: 10, now: NOW });
    expect(stored.map((s) => s.title)).toEqual([title]);

    // Outlet A's retry then merges into B's story: one story, both outlets.
    const retry = await ingestor.ingestDocument(a!, rss([{ title, link: 'https://a.example/ecny', guid: 'a-1' }]), { seeded: true });
    expect(retry).toMatchObject({ merged: 1, created: [] });
    stored = await repo.listRecent({ limit: 10, now: NOW });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.sources.map((s) => s.sourceId)).toEqual(['outlet-b', 'outlet-a']);
  });
});
