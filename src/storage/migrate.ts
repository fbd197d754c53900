/**
 * Applies the migrations in src/storage/migrations (an explicit list, no directory scanning, so a
 * compiled build finds them too). Run at start-up and by `npm run db:migrate`.
 */
import { Migrator, type Kysely } from 'kysely';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

/** Raised when a migration fails; the database is left at the last migration that succeeded. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

function migrator(database: Database): Migrator {
  return new Migrator({
    db: database.db as unknown as Kysely<unknown>,
    provider: { getMigrations: async () => migrations(database.dialect) },
  });
}

/** Brings the schema to the newest version; returns the names applied by this call. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const { error, results } = await migrator(database).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The name of the newest applied migration, or `none` for an empty database. */
export async function schemaVersion(database: Database): Promise<string> {
  const list = await migrator(database).getMigrations();
  const applied = list.filter((m) => m.executedAt !== undefined);
  return applied.at(-1)?.name ?? 'none';
}
