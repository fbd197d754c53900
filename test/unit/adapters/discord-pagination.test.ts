/** Stateless page-button ids: round trip, 100-character cap, owner and expiry checks. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePageId, encodePageId, pageButtons, refusePress } from '../../../src/adapters/discord/pagination.js';

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
});
