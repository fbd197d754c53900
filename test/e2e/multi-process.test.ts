/**
 * Several processes on one store: two `npm run ingest -- --once` with overlapping feeds store each
 * story once; a process killed with SIGKILL in the middle of a batch leaves the store consistent
 * and the next run completes the work. On SQLite always, on PostgreSQL when TEST_POSTGRES_URL is set.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlStoryRepository } from '../../src/news/sql-story-repository.js';
import type { Database } from '../../src/storage/database.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { dialectsUnderTest } from '../helpers/databases.js';

const run = promisify(execFile);
let server: FeedServer;
let dir: string;

beforeAll(async () => {
  server = await startFeedServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'multi-process-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function feedsFile(name: string, ids: string[]): Promise<string> {
  const paths: Record<string, string> = { 'outlet-a': '/outlet-a.rss.xml', 'outlet-b': '/outlet-b.atom.xml', 'outlet-c': '/outlet-c.feed.json', titles: '/hostile-titles.rss.xml' };
  const file = path.join(dir, `${name}.yaml`);
  await writeFile(file, ['sources:', ...ids.map((id) => `  - { id: ${id}, url: "${server.url}${paths[id]}" }`)].join('\n'));
  return file;
}

function ingestOnce(storeUrl: string, feeds: string): Promise<{ stdout: string }> {
  return run('npx', ['tsx', 'src/news/ingest-cli.ts', '--once'], {
    env: { ...process.env, STORE_URL: storeUrl, FEEDS_FILE: feeds, FEEDS_ALLOW_PRIVATE_NETWORKS: 'true', LOG_LEVEL: 'silent' },
    timeout: 120_000,
  });
}

/** Every invariant a half-written batch would break. */
async function expectConsistent(database: Database): Promise<number> {
  const db = database.db;
  const count = async (q: ReturnType<typeof sql<{ n: number }>>): Promise<number> => Number((await q.execute(db)).rows[0]!.n);
  const stories = await count(sql`SELECT count(*) AS n FROM stories`);
  const counter = Number((await db.selectFrom('story_counter').select('value').executeTakeFirstOrThrow()).value);
  const maxSeq = await count(sql`SELECT coalesce(max(seq), 0) AS n FROM stories`);
  expect(maxSeq).toBe(counter);
  expect(await count(sql`SELECT count(*) AS n FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_outlets o WHERE o.story_id = s.id)`)).toBe(0);
  expect(await count(sql`SELECT count(*) AS n FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_urls u WHERE u.story_id = s.id)`)).toBe(0);
  for (const child of ['story_outlets', 'story_topics', 'story_urls', 'story_guids']) {
    expect(await count(sql`SELECT count(*) AS n FROM ${sql.table(child)} c WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = c.story_id)`)).toBe(0);
  }
  expect(await count(sql`SELECT count(*) AS n FROM (SELECT canonical_url FROM stories GROUP BY canonical_url HAVING count(*) > 1) d`)).toBe(0);
  return stories;
}

describe.each(dialectsUnderTest())('several processes on one $name store', ({ fresh }) => {
  it('two ingest processes with overlapping feeds store each story once', async () => {
    const t = await fresh();
    try {
      const [one, two] = await Promise.all([feedsFile(`one-${t.database.dialect}`, ['outlet-a', 'outlet-b', 'titles']), feedsFile(`two-${t.database.dialect}`, ['outlet-b', 'outlet-c', 'outlet-a'])]);
      await Promise.all([ingestOnce(t.url, one), ingestOnce(t.url, two)]);
      const stories = await expectConsistent(t.database);
      // a: 3, b: 1 new (2 merge into a's), c: 2, hostile titles: 3 — whichever process got there first.
      expect(stories).toBe(9);
      const recent = await new SqlStoryRepository(t.database).listRecent({ limit: 50 });
      const ecny = recent.filter((s) => s.title.startsWith('PBoC expands e-CNY pilot'));
      expect(ecny).toHaveLength(1);
      expect(ecny[0]!.sources.map((s) => s.sourceId).sort()).toEqual(['outlet-a', 'outlet-b']);
      expect(recent.map((s) => s.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 9 }, (_, i) => i + 1));
    } finally {
      await t.cleanup();
    }
  }, 180_000);

  it('a process killed with SIGKILL mid-batch leaves the store consistent, and the next run completes', async () => {
    const t = await fresh();
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/ingest-child.ts', '6', '300'], { env: { ...process.env, STORE_URL: t.url }, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          // The first document is committed; the second one's transaction is under way: kill now.
          if (out.includes('stored 0')) {
            child.kill('SIGKILL');
            resolve();
          }
        });
        child.on('exit', () => resolve());
        child.on('error', reject);
      });
      await new Promise((r) => child.once('close', r));
      expect(out).not.toContain('done');
      const partial = await expectConsistent(t.database);
      expect(partial).toBeGreaterThanOrEqual(300);
      expect(partial).toBeLessThan(1800);
      expect(partial % 300).toBe(0); // whole documents only

      const again = await run(process.execPath, ['--import', 'tsx', 'test/helpers/ingest-child.ts', '6', '300'], { env: { ...process.env, STORE_URL: t.url }, timeout: 120_000 });
      expect(again.stdout).toContain('done');
      expect(await expectConsistent(t.database)).toBe(1800);
    } finally {
      await t.cleanup();
    }
  }, 180_000);
});
