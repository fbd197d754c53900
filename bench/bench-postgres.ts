/**
 * Benchmarks on PostgreSQL: when TEST_POSTGRES_URL is set, each round gets a fresh, uniquely named
 * database that is dropped afterwards; otherwise the PostgreSQL figures are left out (said once).
 */
import { openDatabase, type Database, type OpenDatabaseOptions } from '../src/storage/database.js';
import { scratchPostgres } from '../test/helpers/databases.js';

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
    const scratch = await scratchPostgres(admin, 'cb_bench');
    const database = await openDatabase(scratch.url, opts);
    return {
      database,
      cleanup: async () => {
        await database.close();
        await scratch.drop();
      },
    };
  };
  return fn(open);
}
