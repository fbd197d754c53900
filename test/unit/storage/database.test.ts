import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, redactUrl, StoreUrlError } from '../../../src/storage/database.js';
import { migrateToLatest, schemaVersion } from '../../../src/storage/migrate.js';
import { dialectsUnderTest } from '../../helpers/databases.js';

describe.each(dialectsUnderTest())('database on $name', ({ fresh }) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('migrates an empty database, reports the version, and a second run applies nothing', async () => {
    const t = await fresh(false);
    cleanups.push(t.cleanup);
    expect(await schemaVersion(t.database)).toBe('none');
    const applied = await migrateToLatest(t.database);
    expect(applied[0]).toBe('0000-meta');
    const version = await schemaVersion(t.database);
    expect(version).toBe(applied.at(-1));
    expect(await migrateToLatest(t.database)).toEqual([]);
    await t.database.ping();
  });
});

describe('openDatabase errors', () => {
  it('refuses an unknown scheme naming STORE_URL', async () => {
    await expect(openDatabase('redis://127.0.0.1:6379')).rejects.toThrow(/^STORE_URL: must start with sqlite:\/\/ or postgres:\/\//);
  });

  it('does not create folders other than data/', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-nodir-'));
    try {
      const err = await openDatabase(`sqlite://${dir}/missing/sub/x.sqlite`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreUrlError);
      expect(String(err)).toMatch(/STORE_URL: the folder .* does not exist/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails within the deadline on an unreachable PostgreSQL, naming STORE_URL without the password', async () => {
    const started = Date.now();
    const err = await openDatabase('postgres://u:secret@127.0.0.1:1/db', { connectTimeoutMs: 1500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUrlError);
    expect(String(err)).toMatch(/STORE_URL: cannot reach PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db/);
    expect(String(err)).not.toContain('secret');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('redacts passwords', () => {
    expect(redactUrl('postgres://a:b@h/db')).toBe('postgres://a:***@h/db');
    expect(redactUrl('postgres://a@h/db')).toBe('postgres://a@h/db');
  });
});

describe.each(dialectsUnderTest())('migration 0001-stories on $name', ({ fresh }) => {
  it('creates the news and kv tables, rolls back cleanly and applies again', async () => {
    const t = await fresh(false);
    try {
      const { Migrator } = await import('kysely');
      const { migrations } = await import('../../../src/storage/migrations/index.js');
      const migrator = new Migrator({ db: t.database.db as never, provider: { getMigrations: async () => migrations(t.database.dialect) } });
      // Later migrations exist: take this one's state on its own.
      await migrator.migrateTo('0001-stories');
      expect(await schemaVersion(t.database)).toBe('0001-stories');
      await t.database.db.insertInto('kv').values({ key: 'k', value: 'v', expires_at: null }).execute();
      expect(Number((await t.database.db.selectFrom('story_counter').select('value').executeTakeFirstOrThrow()).value)).toBe(0);
      const down = await migrator.migrateDown();
      expect(down.error).toBeUndefined();
      expect(await schemaVersion(t.database)).toBe('0000-meta');
      await expect(t.database.db.selectFrom('stories').selectAll().execute()).rejects.toThrow();
      expect((await migrator.migrateTo('0001-stories')).results?.map((r) => r.migrationName)).toEqual(['0001-stories']);
      expect(await t.database.db.selectFrom('kv').selectAll().execute()).toEqual([]);
    } finally {
      await t.cleanup();
    }
  });
});

describe.each(dialectsUnderTest())('migration 0002-delivery on $name', ({ fresh }) => {
  it('creates the digest and outbox tables, rolls back cleanly and applies again', async () => {
    const t = await fresh(false);
    try {
      await migrateToLatest(t.database);
      expect(await schemaVersion(t.database)).toBe('0002-delivery');
      const { Migrator } = await import('kysely');
      const { migrations } = await import('../../../src/storage/migrations/index.js');
      const migrator = new Migrator({ db: t.database.db as never, provider: { getMigrations: async () => migrations(t.database.dialect) } });
      expect(await t.database.db.selectFrom('outbox').selectAll().execute()).toEqual([]);
      const down = await migrator.migrateDown();
      expect(down.error).toBeUndefined();
      expect(await schemaVersion(t.database)).toBe('0001-stories');
      await expect(t.database.db.selectFrom('digests').selectAll().execute()).rejects.toThrow();
      expect(await migrateToLatest(t.database)).toEqual(['0002-delivery']);
    } finally {
      await t.cleanup();
    }
  });
});
