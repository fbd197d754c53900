/** The few column types that differ between SQLite and PostgreSQL, for migrations. */
import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder } from 'kysely';
import type { SqlDialect } from '../database.js';

/** Adds an auto-incrementing 64-bit primary key column. */
export function withSerialId<T extends string>(t: CreateTableBuilder<T>, dialect: SqlDialect, column = 'id'): CreateTableBuilder<T> {
  return dialect === 'postgres'
    ? t.addColumn(column, 'bigserial', (c) => c.primaryKey())
    : t.addColumn(column, 'integer', (c) => c.primaryKey().autoIncrement());
}

/** 64-bit integer type (epoch milliseconds, counters). */
export function bigint(dialect: SqlDialect): 'bigint' | 'integer' {
  return dialect === 'postgres' ? 'bigint' : 'integer';
}

/** JSON text column (stored as text on both: the repositories parse it with zod). */
export const jsonText = sql`text`;

/** Column builder for "not null default 0". */
export const notNullZero = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => c.notNull().defaultTo(0);
