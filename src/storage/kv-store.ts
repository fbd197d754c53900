/**
 * A keyv store on the SQL database's `kv` table (same handle, same file or server as the tables):
 * short-lived, key-addressed values with an expiry. keyv serializes values and checks expiry
 * itself; the `expires_at` column only lets dead rows be deleted by index.
 */
import { EventEmitter } from 'node:events';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import { sql, type Kysely } from 'kysely';
import type { Tables } from './tables.js';

/** Expired rows are swept once per this many writes. */
const SWEEP_EVERY = 200;

/** A LIKE pattern for keys starting with `prefix` (with `ESCAPE '\'`). */
function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** keyv's store interface over the `kv` table. */
export class SqlKeyvStore extends EventEmitter implements KeyvStoreAdapter {
  opts: { dialect: 'sql' };
  namespace?: string | undefined;
  private writes = 0;

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.opts = { dialect: 'sql' };
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const row = await this.db.selectFrom('kv').select(['value', 'expires_at']).where('key', '=', key).executeTakeFirst();
    if (!row || (row.expires_at !== null && Number(row.expires_at) <= this.now())) return undefined;
    return row.value as StoredData<Value>;
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    if (keys.length === 0) return [];
    const rows = await this.db.selectFrom('kv').select(['key', 'value', 'expires_at']).where('key', 'in', keys).execute();
    const now = this.now();
    const by = new Map(rows.filter((r) => r.expires_at === null || Number(r.expires_at) > now).map((r) => [r.key, r.value]));
    return keys.map((k) => by.get(k) as StoredData<Value | undefined>);
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    const expires_at = typeof ttl === 'number' && ttl > 0 ? this.now() + ttl : null;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    await this.db
      .insertInto('kv')
      .values({ key, value: text, expires_at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: text, expires_at }))
      .execute();
    if (++this.writes % SWEEP_EVERY === 0) await this.sweep();
    return true;
  }

  async delete(key: string): Promise<boolean> {
    const res = await this.db.deleteFrom('kv').where('key', '=', key).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    if (keys.length === 0) return false;
    const res = await this.db.deleteFrom('kv').where('key', 'in', keys).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  /** Deletes this namespace's rows (every row when there is no namespace). */
  async clear(): Promise<void> {
    let q = this.db.deleteFrom('kv');
    if (this.namespace) q = q.where(sql<boolean>`key LIKE ${prefixPattern(`${this.namespace}:`)} ESCAPE '\\'`);
    await q.execute();
  }

  /** Deletes expired rows (by index). Returns how many. */
  async sweep(): Promise<number> {
    const res = await this.db.deleteFrom('kv').where('expires_at', '<=', this.now()).executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  async disconnect(): Promise<void> {
    // The database handle belongs to its opener; nothing to close here.
  }
}
