/**
 * Store providers for /healthz: the SQL database (ping with a deadline, newest migration) and, until
 * every process runs on it, the key-value store (a keyed read, no schema).
 */
import type { Database } from '../storage/database.js';
import type { StoreHandle } from '../storage/keyv-factory.js';
import { schemaVersion } from '../storage/migrate.js';
import type { StoreHealthProvider } from './health.js';

/** Health of the SQL database behind STORE_URL. */
export function databaseHealth(database: Database): StoreHealthProvider {
  return {
    ping: (ms) => database.ping(ms),
    schemaVersion: () => schemaVersion(database),
  };
}

/** Health of a keyv store: a read of one key answers the ping; keyv has no schema version. */
export function keyvStoreHealth(store: StoreHandle): StoreHealthProvider {
  const kv = store.namespace<string>('ops');
  // keyv reports store failures as events by default; a health ping must see them.
  kv.throwOnErrors = true;
  return {
    ping: async () => {
      await kv.get('health');
    },
    schemaVersion: async () => null,
  };
}
