/**
 * Every table the application's Kysely handle knows. Each feature declares its own tables next to
 * the repository that owns them and adds them here, so business code never sees SQL.
 */
import type { NewsTables } from '../news/story-tables.js';
import type { StorageTables } from './kv-tables.js';
import type { MigrationTables } from './migration-tables.js';

/** The whole schema, as Kysely sees it. Features extend it with their table interfaces. */
export interface Tables extends MigrationTables, StorageTables, NewsTables {}
