/** The store provider for /healthz: the SQL database behind STORE_URL (ping with a deadline, newest migration). */
import type { Database } from '../storage/database.js';
import { schemaVersion } from '../storage/migrate.js';
import type { StoreHealthProvider } from './health.js';

/** Health of the SQL database behind STORE_URL. */
export function databaseHealth(database: Database): StoreHealthProvider {
  return {
    ping: (ms) => database.ping(ms),
    schemaVersion: () => schemaVersion(database),
  };
}
