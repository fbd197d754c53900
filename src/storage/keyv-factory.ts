/**
 * Opens the key-value store behind every repository: an embedded SQLite file by default
 * (`sqlite://data/chainbrief.sqlite`), Redis with `redis://…`. Namespaces keep repositories apart.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import KeyvRedis from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';

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
        const kv = new Keyv<T>({ store: new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5000 }), namespace: name });
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
