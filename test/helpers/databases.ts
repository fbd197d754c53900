/**
 * Test databases: a fresh SQLite file in a temp folder, and — when TEST_POSTGRES_URL is set (CI
 * always sets it) — a fresh, uniquely named PostgreSQL database dropped afterwards. Outside CI a
 * suite without PostgreSQL is skipped with one line saying so; in CI a missing server fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';

/** The admin URL tests create databases through, or undefined when PostgreSQL tests are off. */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL;

/** True when PostgreSQL suites should run. In CI the URL is required. */
export function postgresEnabled(): boolean {
  if (TEST_POSTGRES_URL) return true;
  if (process.env.CI) throw new Error('TEST_POSTGRES_URL must be set in CI (.ci/run sets it)');
  return false;
}

let announced = false;
/** Prints the one line that explains skipped PostgreSQL suites (once per file). */
export function announcePostgresSkip(): void {
  if (announced || postgresEnabled()) return;
  announced = true;
  process.stderr.write('PostgreSQL suites skipped: set TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres to run them\n');
}

/** A migrated database of the given dialect plus a cleanup. */
export interface TestDatabase {
  database: Database;
  url: string;
  cleanup(): Promise<void>;
}

/** Creates a fresh migrated SQLite file database. */
export async function freshSqlite(migrate = true): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'chainbrief-db-'));
  const url = `sqlite://${path.join(dir, 'test.sqlite')}`;
  const database = await openDatabase(url);
  if (migrate) await migrateToLatest(database);
  return {
    database,
    url,
    async cleanup() {
      await database.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs one statement on the admin connection (CREATE/DROP DATABASE cannot run in a pool transaction). */
async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

/** Creates a uniquely named PostgreSQL database through `adminUrl`; `drop` removes it (tests, benchmarks). */
export async function scratchPostgres(adminUrl: string, prefix = 'cb_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Creates a fresh, uniquely named PostgreSQL database (requires TEST_POSTGRES_URL). */
export async function freshPostgres(migrate = true): Promise<TestDatabase> {
  if (!TEST_POSTGRES_URL) throw new Error('TEST_POSTGRES_URL is not set');
  const scratch = await scratchPostgres(TEST_POSTGRES_URL);
  const database = await openDatabase(scratch.url);
  if (migrate) await migrateToLatest(database);
  return {
    database,
    url: scratch.url,
    async cleanup() {
      await database.close().catch(() => undefined);
      await scratch.drop();
    },
  };
}

/** The dialects a repository suite should run against here: SQLite always, PostgreSQL when enabled. */
export function dialectsUnderTest(): Array<{ name: 'sqlite' | 'postgres'; fresh: (migrate?: boolean) => Promise<TestDatabase> }> {
  announcePostgresSkip();
  const list: Array<{ name: 'sqlite' | 'postgres'; fresh: (migrate?: boolean) => Promise<TestDatabase> }> = [{ name: 'sqlite', fresh: freshSqlite }];
  if (postgresEnabled()) list.push({ name: 'postgres', fresh: freshPostgres });
  return list;
}

/** Opens (and migrates) a SQLite database at a given file, e.g. to reopen it as a restarted process would. */
export async function openSqliteFile(file: string): Promise<Database> {
  const database = await openDatabase(`sqlite://${file}`);
  await migrateToLatest(database);
  return database;
}
