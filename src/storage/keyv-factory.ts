/**
 * Opens the key-value store behind every repository: an embedded SQLite file by default
 * (`sqlite://data/chainbrief.sqlite`), Redis with `redis://…`. Namespaces keep repositories apart.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import KeyvRedis from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';

/** Rows per multi-row upsert: 2 bound values each, under SQLite's historical 999-variable limit. */
export const SQLITE_ROWS_PER_STATEMENT = 400;

/**
 * @keyv/sqlite plus what batch writers need: `setMany` as multi-row upserts (the stock adapter has
 * none, so keyv falls back to one INSERT round trip per key) and a `getMany` that matches rows to
 * keys through a map (the stock one searches the rows once per key). Same table, same rows.
 */
export class BatchingKeyvSqlite extends KeyvSqlite {
  constructor(opts: ConstructorParameters<typeof KeyvSqlite>[0]) {
    super(opts);
    // Write-ahead logging: a commit appends to the log (one sequential write and sync) instead of
    // journaling and rewriting pages in place, and readers no longer block the writer. Durability
    // is unchanged (synchronous stays FULL). It is a property of the file, set once per connection
    // before any other statement; `:memory:` databases keep their own mode.
    const base = this.query;
    const ready = base('PRAGMA journal_mode=WAL').catch(() => undefined);
    this.query = async (sql: string, ...params: unknown[]) => {
      await ready;
      return base(sql, ...params);
    };
  }

  override async getMany<Value>(keys: string[]): Promise<Array<Value | undefined>> {
    if (keys.length === 0) return [];
    const rows = (await this.query(`SELECT key, value FROM ${this.opts.table} WHERE key IN (SELECT value FROM json_each(?))`, JSON.stringify(keys))) as Array<{
      key: string;
      value: Value;
    }>;
    const byKey = new Map<string, Value>();
    for (const row of rows) byKey.set(row.key, row.value);
    return keys.map((k) => byKey.get(k));
  }

  /** Upserts every entry; a key given twice keeps its last value (as sequential sets would). */
  async setMany(entries: Array<{ key: string; value: unknown }>): Promise<boolean[]> {
    for (let i = 0; i < entries.length; i += SQLITE_ROWS_PER_STATEMENT) {
      const part = entries.slice(i, i + SQLITE_ROWS_PER_STATEMENT);
      const params: unknown[] = [];
      for (const e of part) params.push(e.key, e.value);
      await this.query(
        `INSERT INTO ${this.opts.table} (key, value) VALUES ${part.map(() => '(?, ?)').join(', ')} ON CONFLICT(key) DO UPDATE SET value=excluded.value`,
        ...params,
      );
    }
    return entries.map(() => true);
  }
}

/** A shared connection from which namespaced Keyv instances are made. */
export interface StoreHandle {
  /** `sqlite` or `redis`. */
  kind: 'sqlite' | 'redis';
  /** A Keyv bound to one namespace (e.g. `news`, `discord`). */
  namespace<T = unknown>(name: string): Keyv<T>;
  close(): Promise<void>;
}

/** Path of the SQLite file named by a `sqlite://` URL (relative paths are relative to cwd). */
export function sqlitePath(url: string): string {
  const rest = url.replace(/^sqlite:\/\//, '');
  if (!rest) throw new Error('STORE_URL sqlite:// needs a file path, e.g. sqlite://data/chainbrief.sqlite');
  return rest === ':memory:' ? rest : path.resolve(rest);
}

/** Opens the store named by `url`. The SQLite file's folder is created when missing. */
export function openStore(url: string): StoreHandle {
  const opened: Keyv[] = [];
  if (/^sqlite:\/\//.test(url)) {
    const file = sqlitePath(url);
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    return {
      kind: 'sqlite',
      namespace<T>(name: string) {
        const kv = new Keyv<T>({ store: new BatchingKeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5000 }), namespace: name });
        opened.push(kv as Keyv);
        return kv;
      },
      async close() {
        await Promise.allSettled(opened.map((k) => k.disconnect()));
      },
    };
  }
  if (/^rediss?:\/\//.test(url)) {
    return {
      kind: 'redis',
      namespace<T>(name: string) {
        const kv = new Keyv<T>({ store: new KeyvRedis(url), namespace: name, useKeyPrefix: false });
        opened.push(kv as Keyv);
        return kv;
      },
      async close() {
        await Promise.allSettled(opened.map((k) => k.disconnect()));
      },
    };
  }
  throw new Error(`STORE_URL must start with sqlite:// or redis:// (got a value starting with "${url.slice(0, 9)}")`);
}
