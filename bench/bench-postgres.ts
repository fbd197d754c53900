/**
 * Benchmarks on PostgreSQL: when TEST_POSTGRES_URL is set, each round gets a fresh, uniquely named
 * database that is dropped afterwards; otherwise the PostgreSQL figures are left out (said once).
 */
import pg from 'pg';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../src/storage/database.js';

/** Opens a fresh database; its cleanup drops it. */
export type OpenFresh = () => Promise<{ database: Database; cleanup: () => Promise<void> }>;

/** Runs `fn` with a fresh-database opener when TEST_POSTGRES_URL is set; undefined otherwise. */
export async function benchPostgres<T>(fn: (open: OpenFresh) => Promise<T>, opts: OpenDatabaseOptions = {}): Promise<T | undefined> {
  const admin = process.env.TEST_POSTGRES_URL;
  if (!admin) {
    process.stderr.write('PostgreSQL figures skipped: set TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres\n');
    return undefined;
  }
  const open: OpenFresh = async () => {
    const name = `cb_bench_${process.pid}_${Date.now().toString(36)}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const u = new URL(admin);
    u.pathname = `/${name}`;
    const database = await openDatabase(u.toString(), opts);
    return {
      database,
      cleanup: async () => {
        await database.close();
        const d = new pg.Client({ connectionString: admin });
        await d.connect();
        await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await d.end();
      },
    };
  };
  return fn(open);
}
