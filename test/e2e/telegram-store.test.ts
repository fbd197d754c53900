/** With a real (SQLite) store, chat migrations and stored page cursors survive an adapter restart. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/storage/database.js';
import { sqlKeyvStore, type StoreHandle } from '../../src/storage/keyv-factory.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { createContractCore } from '../contract/adapter-contract.js';
import { startTelegramHarness, type TelegramHarness } from '../fakes/telegram-harness.js';
import { PageCodec } from '../../src/adapters/telegram/pagination.js';

let dir: string;
let store: StoreHandle;
let database: Database;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'chainbrief-tg-store-'));
  database = await openDatabase(`sqlite://${path.join(dir, 'store.sqlite')}`);
  await migrateToLatest(database);
  store = sqlKeyvStore(database);
});

afterAll(async () => {
  await store?.close();
  await database?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('telegram adapter with a SQLite store', () => {
  it('remembers a group → supergroup migration across restarts', async () => {
    const core = await createContractCore();
    const prepare = (fake: TelegramHarness['fake']): void => {
      fake.addChat({ id: -8001, type: 'group', title: 'old', migratedTo: -1008001 });
      fake.addChat({ id: -1008001, type: 'supergroup', title: 'new' });
    };
    const first = await startTelegramHarness({ core, store, prepare });
    const out = await first.adapter.send('telegram:-8001', { title: 'Digest' });
    expect(out).toMatchObject({ ok: true, conversation: 'telegram:-1008001' });
    await first.close();

    const second = await startTelegramHarness({ core, store, prepare });
    await second.adapter.send('telegram:-8001', { title: 'Digest again' });
    expect(second.fake.callsOf('sendMessage').map((c) => c.payload.chat_id)).toEqual(['-1008001']);
    await second.close();
  });

  it('keeps long page cursors in the store', async () => {
    const kv = store.namespace<unknown>('telegram');
    const codec = new PageCodec({ get: (k) => kv.get(k), set: (k, v, ttl) => kv.set(k, v, ttl) });
    const data = await codec.encode({ command: 'china-blockchain', args: { topic: '区块链 '.repeat(20).trim() } }, 2);
    expect(data.startsWith('k|')).toBe(true);
    const again = new PageCodec({ get: (k) => kv.get(k), set: (k, v, ttl) => kv.set(k, v, ttl) });
    expect(await again.decode(data)).toMatchObject({ command: 'china-blockchain', page: 2 });
  });
});
