/**
 * An unreachable or silent store never hangs a command: opening fails within seconds naming
 * STORE_URL; once running, a store that stops answering turns /news into a clear "unavailable"
 * answer (and a log line saying why) within the query deadline; closing is bounded.
 */
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import news from '../../../commands/news.js';
import type { Services } from '../../../commands/services.js';
import { renderPlain } from '../../../src/adapters/console/render.js';
import { BotCore } from '../../../src/core/dispatch.js';
import type { Logger } from '../../../src/core/logger.js';
import type { KnowledgeBase } from '../../../src/knowledge/knowledge-base.js';
import { createNewsService } from '../../../src/news/news-runtime.js';
import { SqlStoryRepository } from '../../../src/news/sql-story-repository.js';
import { openDatabase, StoreUrlError } from '../../../src/storage/database.js';
import { migrateToLatest } from '../../../src/storage/migrate.js';
import { announcePostgresSkip, freshPostgres, postgresEnabled } from '../../helpers/databases.js';

const run = promisify(execFile);
announcePostgresSkip();

/** A TCP server that accepts connections and never says a word. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Forwards to a real server until frozen; then bytes stop flowing both ways (a hung store). */
async function freezableProxy(target: { host: string; port: number }): Promise<{ port: number; freeze: () => void; close: () => Promise<void> }> {
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
    }
    client.on('data', (d) => {
      if (!frozen) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!frozen) client.write(d);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    freeze: () => {
      frozen = true;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of closers) await c();
});

describe('a store that does not answer', () => {
  it('refuses to open within the deadline, in one line naming STORE_URL', async () => {
    const silent = await silentServer();
    closers.push(silent.close);
    const started = Date.now();
    const err = await openDatabase(`postgres://u:pw@127.0.0.1:${silent.port}/db`, { connectTimeoutMs: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUrlError);
    expect(String((err as Error).message)).toMatch(/^STORE_URL: cannot reach PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1:\d+\/db: /);
    expect((err as Error).message).not.toContain('\n');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('the one-shot CLI exits non-zero within seconds with the STORE_URL line', async () => {
    const silent = await silentServer();
    closers.push(silent.close);
    const started = Date.now();
    const r = await run('npx', ['tsx', 'src/cli.ts', '/news'], {
      env: { ...process.env, STORE_URL: `postgres://u@127.0.0.1:${silent.port}/db`, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code?: number; stderr?: string }) => ({ code: e.code ?? 1, stderr: e.stderr ?? '' }),
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/STORE_URL: cannot reach PostgreSQL/);
    // tsx start-up takes a few seconds on a busy machine; the store's own deadline is 5 s.
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe.runIf(postgresEnabled())('a PostgreSQL store that stops answering after start-up', () => {
  it('/news answers "unavailable" within the query deadline, the log says why, and closing is bounded', async () => {
    const t = await freshPostgres();
    closers.push(t.cleanup);
    const target = new URL(t.url);
    const proxy = await freezableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    closers.push(proxy.close);
    const viaProxy = new URL(t.url);
    viaProxy.port = String(proxy.port);
    const database = await openDatabase(viaProxy.toString(), { connectTimeoutMs: 1000, queryTimeoutMs: 1000 });
    await migrateToLatest(database);
    const logged: unknown[] = [];
    const logger = { error: (o: unknown) => logged.push(o), warn: () => undefined, info: () => undefined, debug: () => undefined } as unknown as Logger;
    const service = createNewsService(new SqlStoryRepository(database), [], [{ id: 'cbdc', label: 'CBDC' }] as never, undefined, logger);
    const core = new BotCore<Services>({ commands: [news], services: { knowledge: {} as KnowledgeBase, version: 't', news: service } });
    const ask = async (): Promise<string> => renderPlain((await core.handleText('/news', { platform: 'console', userId: 'u', isModerator: false }, 'console:local'))!);
    expect(await ask()).toMatch(/No stories/);

    proxy.freeze();
    const started = Date.now();
    const answer = await ask();
    expect(answer).toMatch(/news store is unavailable/i);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(logged).toHaveLength(1);
    expect(String((logged[0] as { err: Error }).err.message)).toMatch(/timeout/i);

    const closing = Date.now();
    await database.close();
    expect(Date.now() - closing).toBeLessThan(5000);
  });
});
