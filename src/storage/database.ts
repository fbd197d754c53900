/**
 * The one database handle behind every durable table: an embedded SQLite file by default
 * (`sqlite://data/chainbrief.sqlite`, better-sqlite3 in WAL mode) or PostgreSQL by URL
 * (`postgres://user@host:port/db`, a pg pool). One typed query layer (Kysely) for both dialects.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type pg from 'pg';
import type { Tables } from './tables.js';

/** Which SQL engine a handle talks to. */
export type SqlDialect = 'sqlite' | 'postgres';

/** An open database: the typed query builder plus what operators and tests need. */
export interface Database {
  readonly db: Kysely<Tables>;
  readonly dialect: SqlDialect;
  /** The better-sqlite3 connection behind `db` (SQLite only): bulk writes reuse prepared statements on it. */
  readonly sqlite?: SQLite.Database;
  /** The URL with any password removed, safe to log. */
  readonly safeUrl: string;
  /** Resolves when the database answers a trivial query within `timeoutMs`; rejects otherwise. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A STORE_URL that cannot be used; the message names the variable and never the password. */
export class StoreUrlError extends Error {
  override readonly name = 'StoreUrlError';
}

/** The folder the default SQLite file lives in: the only one created on demand. */
export const DEFAULT_SQLITE_DIR = 'data';

export interface OpenDatabaseOptions {
  /** Deadline for the first connection (PostgreSQL) in ms (default 5000). */
  connectTimeoutMs?: number;
  /** Largest pool size for PostgreSQL (default 10). */
  poolSize?: number;
  /** Deadline of every PostgreSQL query, client side, in ms (default 5000): a silent server fails the call. */
  queryTimeoutMs?: number;
}

/** How long close() waits for the connections to end (ms); past it the handle is abandoned. */
export const CLOSE_TIMEOUT_MS = 3000;

/** Removes a password from a URL before it is logged or shown. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*):[^@/]*@/, '$1:***@');
}

/** Parses `sqlite://relative/path`, `sqlite:///absolute/path` or `sqlite://:memory:` to a file name. */
export function sqlitePath(url: string): string {
  const rest = url.replace(/^sqlite:\/\//, '');
  if (rest === ':memory:') return rest;
  if (rest.length === 0) throw new StoreUrlError('STORE_URL: sqlite:// needs a file path, e.g. sqlite://data/chainbrief.sqlite');
  return decodeURIComponent(rest);
}

function openSqlite(url: string): Database {
  const file = sqlitePath(url);
  if (file !== ':memory:') {
    const dir = path.dirname(file);
    if (!existsSync(dir)) {
      // Only the default folder is created; any other path must exist (no surprise folders as root).
      if (path.normalize(dir) === DEFAULT_SQLITE_DIR) mkdirSync(dir, { recursive: true });
      else throw new StoreUrlError(`STORE_URL: the folder ${JSON.stringify(dir)} does not exist (create it, or use sqlite://data/chainbrief.sqlite)`);
    }
  }
  let native: SQLite.Database;
  try {
    native = new SQLite(file);
  } catch (e) {
    throw new StoreUrlError(`STORE_URL: cannot open SQLite file ${JSON.stringify(file)}: ${e instanceof Error ? e.message : String(e)}`);
  }
  native.pragma('journal_mode = WAL');
  native.pragma('busy_timeout = 5000');
  native.pragma('synchronous = NORMAL');
  native.pragma('foreign_keys = ON');
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: native }) });
  return {
    db,
    dialect: 'sqlite',
    sqlite: native,
    safeUrl: url,
    async ping() {
      native.prepare('SELECT 1').get();
    },
    async close() {
      await db.destroy();
    },
  };
}

/** 64-bit integers (sequences, counts) arrive as numbers; they stay far below 2^53. */
function pgTypes(types: typeof pg.types): pg.CustomTypesConfig {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === 20) return (v: string) => Number(v);
      return types.getTypeParser(oid, format);
    },
  } as pg.CustomTypesConfig;
}

async function openPostgres(url: string, opts: OpenDatabaseOptions): Promise<Database> {
  // Imported here: a SQLite process never loads the PostgreSQL client (start-up time and memory).
  const { default: pgClient } = await import('pg');
  const timeout = opts.connectTimeoutMs ?? 5000;
  // Every call has a deadline: getting a connection (connectionTimeoutMillis) and each query — on the
  // server (statement_timeout: it cancels the statement and keeps the connection usable) and, a second
  // later, on the client (query_timeout: for a server that has stopped answering altogether).
  const queryTimeout = opts.queryTimeoutMs ?? 5000;
  const pool = new pgClient.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: timeout,
    statement_timeout: queryTimeout,
    query_timeout: queryTimeout + 1000,
    types: pgTypes(pgClient.types),
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const handle: Database = {
    db,
    dialect: 'postgres',
    safeUrl: redactUrl(url),
    async ping(ms = timeout) {
      await withDeadline(sql`SELECT 1`.execute(db), ms, 'PostgreSQL did not answer');
    },
    async close() {
      await withDeadline(db.destroy(), CLOSE_TIMEOUT_MS, 'PostgreSQL pool did not close').catch(() => undefined);
    },
  };
  try {
    await handle.ping(timeout);
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new StoreUrlError(`STORE_URL: cannot reach PostgreSQL at ${redactUrl(url)}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return handle;
}

/** Rejects with `message` when `p` has not settled within `ms`. */
export function withDeadline<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/** Opens the database a STORE_URL names; throws StoreUrlError (one line, names STORE_URL) when it cannot. */
export async function openDatabase(storeUrl: string, opts: OpenDatabaseOptions = {}): Promise<Database> {
  if (/^sqlite:\/\//.test(storeUrl)) return openSqlite(storeUrl);
  if (/^postgres(ql)?:\/\//.test(storeUrl)) return openPostgres(storeUrl, opts);
  throw new StoreUrlError('STORE_URL: must start with sqlite:// or postgres:// (e.g. sqlite://data/chainbrief.sqlite)');
}
