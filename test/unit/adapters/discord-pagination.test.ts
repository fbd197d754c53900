/** Page-button ids: stateless round trip, 100-character cap, stored cursors, owner and expiry checks. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePageId,
  encodePageId,
  pageButtons,
  pageRow,
  refusePress,
  resolvePageId,
  STORED_PREFIX,
  type PageCursorStore,
} from '../../../src/adapters/discord/pagination.js';

function mapStore(): PageCursorStore & { data: Map<string, unknown>; ttls: Array<number | undefined> } {
  const data = new Map<string, unknown>();
  const ttls: Array<number | undefined> = [];
  return {
    data,
    ttls,
    get: async (k) => data.get(k),
    set: async (k, v, ttl) => {
      ttls.push(ttl);
      return data.set(k, v);
    },
  };
}

const issuedAt = new Date('2025-06-30T12:00:00Z');

describe('Discord page buttons', () => {
  it('round-trips command, args, page and user within 100 characters', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,31}$/),
        fc.dictionary(fc.stringMatching(/^[a-z]{1,10}$/), fc.string({ maxLength: 30 }), { maxKeys: 3 }),
        fc.integer({ min: 1, max: 9999 }),
        fc.bigInt({ min: 10n ** 16n, max: 2n ** 63n }).map(String),
        (command, args, page, userId) => {
          const id = encodePageId({ tag: 'n', command, args, page, userId, issuedAt });
          if (id === undefined) return;
          expect(id.length).toBeLessThanOrEqual(100);
          expect(decodePageId(id)).toEqual({ tag: 'n', command, args, page, userId, issuedAt });
        },
      ),
    );
  });

  it('refuses ids that would not fit rather than cutting them', () => {
    expect(encodePageId({ tag: 'n', command: 'cbdc-status', args: { country: 'x'.repeat(80) }, page: 2, userId: '200000000000000001', issuedAt })).toBeUndefined();
    expect(pageButtons({ command: 'cbdc-status', args: { country: 'x'.repeat(80) }, page: 1, pageCount: 2 }, '200000000000000001', issuedAt)).toBeUndefined();
  });

  it('rejects foreign or tampered ids', () => {
    for (const id of ['', 'cb1|x|1|a|b|c|', 'cb2|n|1|abc|abc|help|', 'cb1|n|1|abc|abc|HELP|', 'cb1|n|1|abc|abc|help|a=%E0%A4%A']) {
      expect(decodePageId(id)).toBeUndefined();
    }
  });

  it('builds ◀ page ▶ with the ends disabled', () => {
    const row = pageButtons({ command: 'pages', args: {}, page: 1, pageCount: 3 }, '200000000000000001', issuedAt)!;
    expect(row.components.map((b) => [b.label, b.disabled])).toEqual([
      ['◀ Previous', true],
      ['Page 1/3', true],
      ['Next ▶', false],
    ]);
    expect(new Set(row.components.map((b) => b.custom_id)).size).toBe(3);
    expect(pageButtons({ command: 'pages', args: {}, page: 1, pageCount: 1 }, '1', issuedAt)).toBeUndefined();
  });

  it('refuses presses by another user and after expiry', () => {
    const req = decodePageId(encodePageId({ tag: 'n', command: 'pages', args: {}, page: 2, userId: '200000000000000001', issuedAt })!)!;
    expect(refusePress(req, '200000000000000001', new Date(issuedAt.getTime() + 60_000))).toBeUndefined();
    expect(refusePress(req, '200000000000000002', issuedAt)).toMatch(/belong to the person/);
    expect(refusePress(req, '200000000000000001', new Date(issuedAt.getTime() + 2 * 3600_000))).toMatch(/expired/);
  });

  it('stores the cursor when the ids would not fit, and resolves every button to its page', async () => {
    const store = mapStore();
    const topic = 'e-CNY pilot cities and the digital yuan in Shenzhen 数字人民币 深圳';
    const p = { command: 'china-blockchain', args: { topic, top: 5 }, page: 2, pageCount: 3 };
    expect(pageButtons(p, '200000000000000001', issuedAt)).toBeUndefined();
    const row = (await pageRow(p, { userId: '200000000000000001', issuedAt }, store, 60_000))!;
    expect(row.components.map((b) => [b.label, b.disabled])).toEqual([
      ['◀ Previous', false],
      ['Page 2/3', true],
      ['Next ▶', false],
    ]);
    expect(store.data.size).toBe(1);
    expect(store.ttls).toEqual([60_000]);
    const ids = row.components.map((b) => b.custom_id);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) {
      expect(id.startsWith(`${STORED_PREFIX}|`)).toBe(true);
      expect(id.length).toBeLessThanOrEqual(100);
    }
    const base = { command: 'china-blockchain', args: { topic, top: '5' }, userId: '200000000000000001', issuedAt };
    expect(await resolvePageId(ids[0]!, store)).toEqual({ ...base, tag: 'p', page: 1 });
    expect(await resolvePageId(ids[1]!, store)).toEqual({ ...base, tag: 'i', page: 2 });
    expect(await resolvePageId(ids[2]!, store)).toEqual({ ...base, tag: 'n', page: 3 });
    // Owner and expiry checks apply to stored cursors too.
    const next = (await resolvePageId(ids[2]!, store)) as Exclude<Awaited<ReturnType<typeof resolvePageId>>, 'gone' | undefined>;
    expect(refusePress(next, '200000000000000002', issuedAt)).toMatch(/belong to the person/);
    expect(refusePress(next, '200000000000000001', new Date(issuedAt.getTime() + 2 * 3600_000))).toMatch(/expired/);
    // Without a store there is no way to bind such buttons.
    expect(await pageRow(p, { userId: '200000000000000001', issuedAt }, undefined)).toBeUndefined();
  });

  it('keeps short cursors stateless and treats unknown or tampered stored cursors as gone', async () => {
    const store = mapStore();
    const row = (await pageRow({ command: 'pages', args: {}, page: 1, pageCount: 3 }, { userId: '200000000000000001', issuedAt }, store))!;
    expect(row.components[2]!.custom_id.startsWith(`cb1|`)).toBe(true);
    expect(store.data.size).toBe(0);
    expect(await resolvePageId(row.components[2]!.custom_id, store)).toMatchObject({ page: 2 });

    expect(await resolvePageId('cbk|n|AAAAAAAAAAA|2', store)).toBe('gone');
    expect(await resolvePageId('cbk|n|AAAAAAAAAAA|2', undefined)).toBe('gone');
    store.data.set('page-cursor:BBBBBBBBBBB', { command: 'BAD NAME', args: {}, userId: '1', issuedAt: 0, pageCount: 2 });
    expect(await resolvePageId('cbk|n|BBBBBBBBBBB|2', store)).toBe('gone');
    for (const junk of ['cbk|x|AAAAAAAAAAA|2', 'cbk|n|short|2', 'cbk|n|AAAAAAAAAAA|99999', 'cbk|n|AAAAAAAAAAA|2|extra']) {
      expect(await resolvePageId(junk, store)).toBeUndefined();
    }
  });
});
