/**
 * `npm run db:migrate`: brings the STORE_URL database to the newest schema (and imports a
 * release-0.1 store once), prints the schema version, exits. The bot does the same at start-up.
 */
import 'dotenv/config';
import { loadConfig } from '../config.js';
import { importLegacyStore } from '../news/legacy-import.js';
import { openDatabase } from './database.js';
import { migrateToLatest, schemaVersion } from './migrate.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.STORE_URL);
  try {
    const applied = await migrateToLatest(database);
    const imported = await importLegacyStore(database);
    process.stdout.write(`${database.safeUrl}: ${applied.length ? `applied ${applied.join(', ')}` : 'already up to date'}; schema version ${await schemaVersion(database)}\n`);
    if (imported) process.stdout.write(`imported the previous release's store: ${imported.stories} stories, ${imported.sources} sources, ${imported.otherKeys} other keys\n`);
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`chainbrief db:migrate: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
