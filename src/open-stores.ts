/**
 * Opens everything a process stores data in, in order: the database named by STORE_URL (refusing
 * to start with one line naming the variable), its migrations, the one-time import of a release-0.1
 * store, then keyv (the same database, or Redis when REDIS_URL is set). Closing is bounded.
 */
import type { Logger } from './core/logger.js';
import { importLegacyStore } from './news/legacy-import.js';
import { openDatabase, withDeadline, type Database } from './storage/database.js';
import { openKeyvStore, type StoreHandle } from './storage/keyv-factory.js';
import { migrateToLatest, schemaVersion } from './storage/migrate.js';

/** The open stores of a process. */
export interface Stores {
  database: Database;
  keyv: StoreHandle;
  /** Newest applied migration, shown by /about. */
  schemaVersion: string;
  /** Closes keyv and the database; never takes longer than a few seconds. */
  close(): Promise<void>;
}

/** What openStores reads from the configuration. */
export interface StoreSettings {
  STORE_URL: string;
  REDIS_URL?: string | undefined;
}

/** Opens, migrates and (once) imports; throws a one-line error naming the variable at fault. */
export async function openStores(settings: StoreSettings, logger: Logger): Promise<Stores> {
  const database = await openDatabase(settings.STORE_URL);
  try {
    const applied = await migrateToLatest(database);
    if (applied.length) logger.info({ applied, store: database.safeUrl }, 'database migrated');
    const imported = await importLegacyStore(database);
    if (imported) logger.warn({ ...imported }, 'imported the news store of the previous release (keyv table kept; it can be dropped)');
    const keyv = await openKeyvStore(database, settings.REDIS_URL);
    const version = await schemaVersion(database);
    return {
      database,
      keyv,
      schemaVersion: version,
      async close() {
        await withDeadline(keyv.close(), 3000, 'keyv store did not close').catch(() => undefined);
        await database.close();
      },
    };
  } catch (e) {
    await database.close().catch(() => undefined);
    throw e;
  }
}
