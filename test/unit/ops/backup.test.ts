/**
 * db:backup: the online backup carries commits still in the write-ahead log (a copy of the main
 * file alone does not), refuses to overwrite, and the CLI names the tools for other stores.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BackupError, backupSqlite } from '../../../src/ops/backup.js';

const dir = mkdtempSync(path.join(tmpdir(), 'chainbrief-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('db:backup', () => {
  it('copies a live WAL database with its uncheckpointed commits', async () => {
    const file = path.join(dir, 'live.sqlite');
    const live = new SQLite(file);
    try {
      live.pragma('journal_mode = WAL');
      live.pragma('wal_autocheckpoint = 0');
      live.exec('CREATE TABLE t (n INTEGER)');
      const insert = live.prepare('INSERT INTO t (n) VALUES (?)');
      live.transaction(() => {
        for (let i = 0; i < 500; i++) insert.run(i);
      })();
      // What a file copy would give: the main file without its -wal file.
      copyFileSync(file, path.join(dir, 'file-copy.sqlite'));
      const target = path.join(dir, 'backup.sqlite');
      const { pages } = await backupSqlite(file, target);
      expect(pages).toBeGreaterThan(0);
      const copy = new SQLite(target, { readonly: true });
      expect(copy.prepare('SELECT count(*) AS c FROM t').get()).toEqual({ c: 500 });
      copy.close();
      const naive = new SQLite(path.join(dir, 'file-copy.sqlite'), { readonly: true });
      expect(() => naive.prepare('SELECT count(*) AS c FROM t').get()).toThrow(/no such table/);
      naive.close();
      await expect(backupSqlite(file, target)).rejects.toThrow(BackupError);
    } finally {
      live.close();
    }
  });

  it('the CLI refuses a non-SQLite store with the tool to use, and a missing file argument', () => {
    const run = (args: string[], env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/ops/backup-cli.ts', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
    const pg = run([path.join(dir, 'x.sqlite')], { STORE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' });
    expect(pg.status).toBe(2);
    expect(pg.stderr).toMatch(/pg_dump/);
    const noTarget = run([], {});
    expect(noTarget.status).toBe(2);
    expect(noTarget.stderr).toMatch(/^usage: npm run db:backup -- /);
  }, 60_000);

  it('names a missing store', async () => {
    await expect(backupSqlite(path.join(dir, 'absent.sqlite'), path.join(dir, 'y.sqlite'))).rejects.toThrow(/no SQLite store/);
  });
});
