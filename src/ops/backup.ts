/**
 * Online backup of the SQLite store (SQLite's backup API through better-sqlite3): a consistent copy
 * taken while the bot runs, including what is still in the write-ahead log — unlike a file copy of
 * a WAL database, which can miss recent commits or tear a page.
 */
import { existsSync } from 'node:fs';
import SQLite from 'better-sqlite3';

/** A backup that cannot be made; the message says why and what to use instead. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

/** Copies the SQLite database `file` to the new file `target` and checks the copy; returns its page count. */
export async function backupSqlite(file: string, target: string): Promise<{ pages: number }> {
  if (file === ':memory:') throw new BackupError('STORE_URL names an in-memory database: there is nothing to back up');
  if (!existsSync(file)) throw new BackupError(`no SQLite store at ${JSON.stringify(file)}`);
  if (existsSync(target)) throw new BackupError(`${JSON.stringify(target)} already exists; name a new file`);
  const source = new SQLite(file, { fileMustExist: true });
  let pages: number;
  try {
    source.pragma('busy_timeout = 5000');
    pages = (await source.backup(target)).totalPages;
  } finally {
    source.close();
  }
  const copy = new SQLite(target, { readonly: true });
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`the copy at ${JSON.stringify(target)} failed its check: ${String(check)}`);
  } finally {
    copy.close();
  }
  return { pages };
}
