/**
 * The ordered list of migrations. Names sort in the order they run; add a file and a line here.
 * Each migration is written for both dialects (see `./dialect.ts` for the few types that differ).
 */
import type { Migration } from 'kysely';
import type { SqlDialect } from '../database.js';
import { meta0000 } from './0000-meta.js';
import { stories0001 } from './0001-stories.js';

/** All migrations for a dialect, keyed by name. */
export function migrations(dialect: SqlDialect): Record<string, Migration> {
  return {
    '0000-meta': meta0000(dialect),
    '0001-stories': stories0001(dialect),
  };
}
