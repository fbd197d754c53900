/** Kysely's own bookkeeping table and the app's meta table, visible through the typed handle. */
export interface MigrationTables {
  kysely_migration: { name: string; timestamp: string };
  app_meta: { key: string; value: string; updated_at: number };
}
