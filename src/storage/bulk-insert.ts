/**
 * Multi-row inserts, the fastest way each engine offers. SQLite: one prepared single-row statement
 * per table, reused for every row on the same connection (inside the caller's transaction: Kysely
 * holds that connection for it). PostgreSQL: one short statement whose one parameter carries the
 * rows as JSON (`json_populate_recordset`): one round trip, whatever the row count.
 */
import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';

/** What bulkInsert needs of a database: its dialect and, on SQLite, the native connection. */
export type BulkTarget = Pick<Database, 'dialect' | 'sqlite'>;

const prepared = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

function statement(native: SQLite.Database, table: string, columns: string[], ignore: boolean): SQLite.Statement {
  let cache = prepared.get(native);
  if (!cache) prepared.set(native, (cache = new Map()));
  const key = `${table}|${columns.join(',')}|${ignore}`;
  let stmt = cache.get(key);
  if (!stmt) {
    const quoted = columns.map((c) => `"${c.replace(/"/g, '""')}"`).join(', ');
    stmt = native.prepare(`INSERT ${ignore ? 'OR IGNORE ' : ''}INTO "${table}" (${quoted}) VALUES (${columns.map(() => '?').join(', ')})`);
    cache.set(key, stmt);
  }
  return stmt;
}

/**
 * Inserts `rows` (objects with the same keys, named like the columns) into `table`, within the
 * transaction `db` stands for; `ignoreConflicts` skips rows whose key exists. Call it only inside a
 * transaction: on SQLite the rows go through the native connection that transaction holds.
 */
export async function bulkInsert<R extends object>(
  db: Kysely<never> | Kysely<any>, // eslint-disable-line @typescript-eslint/no-explicit-any -- any Kysely handle or transaction
  target: BulkTarget,
  table: string,
  rows: readonly R[],
  opts: { ignoreConflicts?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  if (target.dialect === 'sqlite' && target.sqlite) {
    const stmt = statement(target.sqlite, table, columns, opts.ignoreConflicts ?? false);
    for (const row of rows) stmt.run(columns.map((c) => (row as Record<string, unknown>)[c]));
    return;
  }
  const cols = sql.join(columns.map((c) => sql.ref(c)));
  const conflict = opts.ignoreConflicts ? sql` ON CONFLICT DO NOTHING` : sql``;
  const json = JSON.stringify(rows);
  if (target.dialect === 'sqlite') {
    const values = sql.join(columns.map((c) => sql`json_extract(value, ${sql.lit(`$.${c}`)})`));
    // `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT.
    await sql`INSERT INTO ${sql.table(table)} (${cols}) SELECT ${values} FROM json_each(${json}) WHERE true${conflict}`.execute(db);
  } else {
    await sql`INSERT INTO ${sql.table(table)} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${sql.table(table)}, ${json}::json)${conflict}`.execute(db);
  }
}
