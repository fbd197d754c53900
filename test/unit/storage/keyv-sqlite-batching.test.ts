import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import Keyv from 'keyv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchingKeyvSqlite, openStore, SQLITE_ROWS_PER_STATEMENT, type StoreHandle } from '../../../src/storage/keyv-factory.js';
import { plainJsonDeserializer, plainJsonSerializer, usePlainJson } from '../../../src/storage/plain-json.js';

type Ser = (d: unknown) => string;
type De = (d: string) => unknown;

describe('plain JSON (de)serializer', () => {
  const base = new Keyv();
  const defaultSer = base.serialize as Ser;
  const defaultDe = base.deserialize as De;
  const ser = plainJsonSerializer(defaultSer);
  const de = plainJsonDeserializer(defaultDe);
  // Strings that begin with ":" are what keyv's default serializer escapes; make them common.
  const str = fc.oneof(fc.string(), fc.string().map((s) => `:${s}`), fc.string().map((s) => `::${s}`), fc.constantFrom(':base64:', '":', '[":', 'a,":b'));
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, str, fc.integer(), fc.double({ noNaN: false }), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(str, tie('v'), { maxKeys: 4 })),
  })).v;

  it('writes exactly what keyv writes, for any JSON data (property)', () => {
    fc.assert(
      fc.property(value, fc.option(fc.integer({ min: 0 }), { nil: undefined }), (v, expires) => {
        const wrapped = { value: v, expires };
        expect(ser(wrapped)).toBe(defaultSer(wrapped));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads exactly what keyv reads (property)', () => {
    fc.assert(
      fc.property(value, (v) => {
        const text = defaultSer({ value: v });
        expect(de(text)).toEqual(defaultDe(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the escapes for colon strings and Buffers', () => {
    expect(ser({ value: [':x', { k: ':y' }] })).toBe('{"value":["::x",{"k":"::y"}]}');
    expect(de('{"value":["::x",{"k":"::y"}]}')).toEqual({ value: [':x', { k: ':y' }] });
    expect(ser({ value: { b: Buffer.from('hi') } })).toBe(defaultSer({ value: { b: Buffer.from('hi') } }));
    expect(ser({ value: 'plain' })).toBe('{"value":"plain"}');
  });

  it('is installed on a Keyv and round-trips through it', async () => {
    const kv = new Keyv<unknown>();
    usePlainJson(kv);
    expect(kv.serialize).not.toBe(defaultSer);
    await kv.set('k', { a: ':colon', b: [1, 'two'] });
    expect(await kv.get('k')).toEqual({ a: ':colon', b: [1, 'two'] });
  });
});

describe('BatchingKeyvSqlite', () => {
  let dir: string;
  let handle: StoreHandle;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'keyv-batch-'));
    handle = openStore(`sqlite://${path.join(dir, 'db.sqlite')}`);
  });
  afterAll(async () => {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes many keys over several multi-row statements; a repeated key keeps its last value', async () => {
    const kv = handle.namespace<unknown>('batch');
    expect(kv.store).toBeInstanceOf(BatchingKeyvSqlite);
    const n = SQLITE_ROWS_PER_STATEMENT * 2 + 7;
    const entries = Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: { i, s: `:v${i}` } }));
    entries.push({ key: 'k3', value: { i: -1, s: 'last' } });
    expect((await kv.setMany(entries)).every(Boolean)).toBe(true);
    const got = await kv.getMany(['k0', 'missing', 'k3', `k${n - 1}`, 'k0']);
    expect(got).toEqual([{ i: 0, s: ':v0' }, undefined, { i: -1, s: 'last' }, { i: n - 1, s: `:v${n - 1}` }, { i: 0, s: ':v0' }]);
    // overwrite (upsert) and read back through the plain single-key path
    await kv.setMany([{ key: 'k1', value: 'changed' }]);
    expect(await kv.get('k1')).toBe('changed');
    expect(await kv.getMany([])).toEqual([]);
  });

  it('keeps namespaces apart', async () => {
    const a = handle.namespace<unknown>('ns-a');
    const b = handle.namespace<unknown>('ns-b');
    await a.setMany([{ key: 'same', value: 'a' }]);
    await b.setMany([{ key: 'same', value: 'b' }]);
    expect(await a.getMany(['same'])).toEqual(['a']);
    expect(await b.getMany(['same'])).toEqual(['b']);
  });

  it('opens the file in write-ahead-log mode', async () => {
    const kv = handle.namespace<unknown>('wal');
    const rows = (await (kv.store as BatchingKeyvSqlite).query('PRAGMA journal_mode')) as Array<{ journal_mode: string }>;
    expect(rows[0]?.journal_mode).toBe('wal');
  });
});
