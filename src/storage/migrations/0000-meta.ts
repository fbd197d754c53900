/** First migration: a one-row table saying which release created the database. */
import type { Migration } from 'kysely';
import type { SqlDialect } from '../database.js';
import { bigint } from './dialect.js';

export function meta0000(dialect: SqlDialect): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable('app_meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', bigint(dialect), (c) => c.notNull())
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('app_meta').execute();
    },
  };
}
