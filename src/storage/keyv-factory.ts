/**
 * keyv for short-lived, key-addressed values (page cursors, command-registration hashes, chat
 * migrations, caches): on the SQL store's `kv` table by default, on Redis when REDIS_URL is set.
 * Namespaces keep users apart. Durable, queried data lives in tables, never here.
 */
import Keyv from 'keyv';
import { withDeadline, type Database } from './database.js';
import { SqlKeyvStore } from './kv-store.js';

/** A shared connection from which namespaced Keyv instances are made. */
export interface StoreHandle {
  /** `sql` (the STORE_URL database) or `redis` (REDIS_URL). */
  kind: 'sql' | 'redis';
  /** A Keyv bound to one namespace (e.g. `discord`, `telegram`). */
  namespace<T = unknown>(name: string): Keyv<T>;
  close(): Promise<void>;
}

/** A REDIS_URL that cannot be used; the message names the variable. */
export class RedisUrlError extends Error {
  override readonly name = 'RedisUrlError';
}

/** How long a Redis connection or command may take before it counts as unavailable (ms). */
export const REDIS_TIMEOUT_MS = 3000;

/** keyv on the database's `kv` table. */
export function sqlKeyvStore(database: Database): StoreHandle {
  return {
    kind: 'sql',
    namespace<T>(name: string) {
      return new Keyv<T>({ store: new SqlKeyvStore(database.db), namespace: name });
    },
    async close() {
      // The database is closed by whoever opened it.
    },
  };
}

/** keyv on Redis; resolves once Redis answers, or throws one line naming REDIS_URL. */
export async function redisKeyvStore(url: string, timeoutMs = REDIS_TIMEOUT_MS): Promise<StoreHandle> {
  if (!/^rediss?:\/\//.test(url)) throw new RedisUrlError('REDIS_URL: must start with redis:// or rediss://');
  // Imported here: a process without REDIS_URL never loads the Redis client (start-up time and memory).
  const { default: KeyvRedis } = await import('@keyv/redis');
  const opened: Keyv[] = [];
  const make = <T>(name?: string): Keyv<T> => {
    // No offline queue: while Redis is down a command fails at once instead of waiting forever.
    const store = new KeyvRedis(
      { url, disableOfflineQueue: true, socket: { connectTimeout: timeoutMs, reconnectStrategy: (n: number) => Math.min(n * 200, 2000) } },
      { throwOnConnectError: true, throwOnErrors: true, connectionTimeout: timeoutMs },
    );
    const kv = new Keyv<T>({ store, ...(name ? { namespace: name } : {}), useKeyPrefix: false, throwOnErrors: true });
    kv.on('error', () => undefined); // reported to the caller through throwOnErrors
    opened.push(kv as Keyv);
    return kv;
  };
  const probe = make<string>('chainbrief-probe');
  try {
    await withDeadline(probe.get('ping'), timeoutMs + 500, 'Redis did not answer');
  } catch (e) {
    await Promise.allSettled(opened.map((k) => withDeadline(k.disconnect(), 1000, 'Redis disconnect')));
    throw new RedisUrlError(`REDIS_URL: cannot reach Redis: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    kind: 'redis',
    namespace: make,
    async close() {
      await Promise.allSettled(opened.map((k) => withDeadline(k.disconnect(), 2000, 'Redis disconnect')));
    },
  };
}

/** The keyv store for a process: Redis when `redisUrl` is set, otherwise the database's `kv` table. */
export async function openKeyvStore(database: Database, redisUrl?: string): Promise<StoreHandle> {
  return redisUrl ? redisKeyvStore(redisUrl) : sqlKeyvStore(database);
}
