import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import news from '../../commands/news.js';
import type { Services } from '../../commands/services.js';
import { renderPlain } from '../../src/adapters/console/render.js';
import { BotCore } from '../../src/core/dispatch.js';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { createNewsRuntime } from '../../src/news/news-runtime.js';
import { openDatabase } from '../../src/storage/database.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';

const run = promisify(execFile);
let server: FeedServer;
let dir: string;

beforeAll(async () => {
  server = await startFeedServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ingest-cli-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function ingestOnce(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run('npm', ['run', '--silent', 'ingest', '--', '--once'], { env: { ...process.env, ...env, LOG_LEVEL: 'silent' }, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

describe('npm run ingest -- --once', () => {
  it('stores each story once, tags it, counts hostile sources, exits 0 — and /news cbdc shows it in the console', async () => {
    const feeds = path.join(dir, 'feeds.yaml');
    await writeFile(
      feeds,
      [
        'sources:',
        `  - { id: outlet-a, name: Outlet A, url: "${server.url}/outlet-a.rss.xml" }`,
        `  - { id: outlet-b, name: Outlet B, url: "${server.url}/outlet-b.atom.xml" }`,
        `  - { id: outlet-c, name: Outlet C, url: "${server.url}/outlet-c.feed.json" }`,
        `  - { id: lol, url: "${server.url}/billion-laughs.xml" }`,
        `  - { id: xxe, url: "${server.url}/xxe.xml" }`,
        `  - { id: slow, url: "${server.url}/never-ends" }`,
        `  - { id: huge, url: "${server.url}/huge" }`,
      ].join('\n'),
    );
    const env = {
      FEEDS_FILE: feeds,
      TOPICS_FILE: 'config/topics.yaml',
      STORE_URL: `sqlite://${path.join(dir, 'news.sqlite')}`,
      FEEDS_ALLOW_PRIVATE_NETWORKS: 'true',
      FEEDS_TIMEOUT_MS: '1500',
      FEEDS_MAX_BYTES: String(2 * 1024 * 1024),
    };
    const r = await ingestOnce(env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok {3}outlet-a — 3 items: 3 new/);
    expect(r.stdout).toMatch(/ok {3}outlet-b — 3 items: 1 new, 0 duplicate, 2 merged/);
    expect(r.stdout).toMatch(/FAIL lol — entity-declaration/);
    expect(r.stdout).toMatch(/FAIL xxe — entity-declaration/);
    expect(r.stdout).toMatch(/FAIL slow — timeout/);
    expect(r.stdout).toMatch(/FAIL huge — too-large/);
    expect(r.stdout).toMatch(/sources: 3 ok, 0 not modified, 4 failed/);

    // /news cbdc in the console, over the same store.
    const store = await openDatabase(env.STORE_URL);
    try {
      const runtime = await createNewsRuntime({ FEEDS_FILE: env.FEEDS_FILE, TOPICS_FILE: env.TOPICS_FILE, FEEDS_ALLOW_PRIVATE_NETWORKS: true, INGEST_SCHEDULE: '*/15 * * * *' }, store);
      const services: Services = { knowledge: {} as KnowledgeBase, version: 'test', news: runtime.service };
      const core = new BotCore<Services>({ commands: [news], services });
      const reply = await core.handleText('/news cbdc', { platform: 'console', userId: 'u', isModerator: false }, 'console:local');
      const text = renderPlain(reply!);
      expect(text).toContain('PBoC expands e-CNY pilot to six more cities — Outlet A, Outlet B');
      expect(text).toContain('https://outlet-a.example/news/ecny-pilot-expands');
      expect(text).toContain('数字人民币试点再扩围 — Outlet C');
      expect(text.match(/PBoC expands e-CNY pilot/g)).toHaveLength(1); // the item line only: its link is labelled by the outlet
      // The story's source link repeats neither its title nor its date.
      const link = text.split('\n').find((l) => /^ {2}\d+\. /.test(l) && l.includes('https://outlet-a.example/news/ecny-pilot-expands'));
      expect(link).toMatch(/^ {2}\d+\. Outlet A — https:/);
      expect(link).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    } finally {
      await store.close();
    }

    // A second run: unchanged feeds answer 304 or are duplicates; nothing new.
    const again = await ingestOnce(env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/items: 0 new/);
  });

  it('exits non-zero with a readable message when the feeds file is invalid', async () => {
    const bad = path.join(dir, 'bad.yaml');
    await writeFile(bad, 'sources:\n  - { id: "Not Valid", url: "ftp://x" }\n');
    const r = await ingestOnce({ FEEDS_FILE: bad, STORE_URL: `sqlite://${path.join(dir, 'bad.sqlite')}` });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/bad\.yaml is invalid/);
  });
});
