/**
 * Multi-row inserts as one short statement with one parameter: the rows travel as JSON and the
 * database unpacks them (SQLite `json_each`, PostgreSQL `json_populate_recordset`). The statement
 * text stays the same whatever the row count, so building and preparing it costs next to nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from './database.js';

/** Inserts `rows` (objects keyed by column name) into `table`; `ignoreConflicts` skips existing keys. */
export async function bulkInsert<R extends object>(
  db: Kysely<never> | Kysely<any>, // eslint-disable-line @typescript-eslint/no-explicit-any -- any Kysely handle or transaction
  dialect: SqlDialect,
  table: string,
  rows: readonly R[],
  opts: { ignoreConflicts?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const cols = sql.join(columns.map((c) => sql.ref(c)));
  const conflict = opts.ignoreConflicts ? sql` ON CONFLICT DO NOTHING` : sql``;
  const json = JSON.stringify(rows);
  if (dialect === 'sqlite') {
    const values = sql.join(columns.map((c) => sql`json_extract(value, ${sql.lit(`$.${c}`)})`));
    // `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT.
    await sql`INSERT INTO ${sql.table(table)} (${cols}) SELECT ${values} FROM json_each(${json}) WHERE true${conflict}`.execute(db);
  } else {
    await sql`INSERT INTO ${sql.table(table)} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${sql.table(table)}, ${json}::json)${conflict}`.execute(db);
  }
}
