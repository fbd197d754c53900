/** keyv on the SQL `kv` table (both dialects), as the adapters use it: namespaces, expiry, clear. */
import Keyv from 'keyv';
import { afterAll, describe, expect, it } from 'vitest';
import { SqlKeyvStore } from '../../../src/storage/kv-store.js';
import { sqlKeyvStore } from '../../../src/storage/keyv-factory.js';
import { dialectsUnderTest, type TestDatabase } from '../../helpers/databases.js';

describe.each(dialectsUnderTest())('keyv on the kv table ($name)', ({ fresh }) => {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    for (const t of made) await t.cleanup();
  });
  const open = async (): Promise<TestDatabase> => {
    const t = await fresh();
    made.push(t);
    return t;
  };

  it('keeps values per namespace, with the types keyv serializes', async () => {
    const t = await open();
    const handle = sqlKeyvStore(t.database);
    const a = handle.namespace<unknown>('discord');
    const b = handle.namespace<unknown>('telegram');
    await a.set('k', { hash: 'abc', n: 1, list: [':colon', 'x'] });
    await b.set('k', 'other');
    expect(await a.get('k')).toEqual({ hash: 'abc', n: 1, list: [':colon', 'x'] });
    expect(await b.get('k')).toBe('other');
    expect(await a.get(['k', 'missing'])).toEqual([{ hash: 'abc', n: 1, list: [':colon', 'x'] }, undefined]);
    expect(await a.delete('k')).toBe(true);
    expect(await a.get('k')).toBeUndefined();
    expect(await b.get('k')).toBe('other');
  });

  it('expires values after their ttl and sweeps dead rows by index', async () => {
    const t = await open();
    let now = 1_000_000;
    const store = new SqlKeyvStore(t.database.db, () => now);
    const kv = new Keyv<string>({ store, namespace: 'pages' });
    await store.set('pages:short', JSON.stringify({ value: 'v', expires: null }), 1000);
    await store.set('pages:long', JSON.stringify({ value: 'w', expires: null }), 60_000);
    expect(await kv.get('short')).toBe('v');
    now += 1500;
    expect(await kv.get('short')).toBeUndefined();
    expect(await kv.get('long')).toBe('w');
    expect(await store.sweep()).toBe(1);
    const left = await t.database.db.selectFrom('kv').select('key').execute();
    expect(left.map((r) => r.key)).toEqual(['pages:long']);
  });

  it('clears only its own namespace, reading % and _ in a namespace literally', async () => {
    const t = await open();
    const handle = sqlKeyvStore(t.database);
    const odd = handle.namespace<string>('a_%');
    const near = handle.namespace<string>('ab%x');
    const plain = handle.namespace<string>('abc');
    await odd.set('k', '1');
    await near.set('k', '2');
    await plain.set('k', '3');
    await odd.clear();
    expect([await odd.get('k'), await near.get('k'), await plain.get('k')]).toEqual([undefined, '2', '3']);
  });
});
