/** The key-value table behind keyv on the SQL store (see kv-store.ts). */
export interface KvTable {
  /** keyv's namespaced key (`namespace:key`). */
  key: string;
  /** keyv's serialized value. */
  value: string;
  /** Epoch ms after which the row is dead, or null. */
  expires_at: number | null;
}

/** Tables owned by the storage layer itself. */
export interface StorageTables {
  kv: KvTable;
}
