/** sendParts: resumes after fromPart and reports, on failure, every part accepted so far. */
import { describe, expect, it } from 'vitest';
import { sendParts } from '../../../src/adapters/push-outcome.js';
import { pushNonce, MAX_NONCE } from '../../../src/adapters/discord/push.js';

const parts = ['a', 'b', 'c', 'd'];

describe('sendParts', () => {
  it('sends every part after fromPart, in order, with their ids', async () => {
    for (let from = 0; from <= parts.length; from++) {
      const sent: string[] = [];
      const out = await sendParts(parts, from, async (p, i) => (sent.push(p), `id-${i}`), () => ({ status: 'dead', reason: 'x' }));
      expect(sent).toEqual(parts.slice(from));
      expect(out).toEqual({ status: 'sent', messageIds: parts.slice(from).map((_, k) => `id-${from + k}`) });
    }
  });

  it('stops at the first failure and counts the parts accepted, earlier attempts included', async () => {
    for (let from = 0; from < parts.length; from++) {
      for (let failAt = from; failAt < parts.length; failAt++) {
        const sent: number[] = [];
        const out = await sendParts(
          parts,
          from,
          async (_p, i) => {
            if (i === failAt) throw new Error('boom');
            sent.push(i);
            return String(i);
          },
          () => ({ status: 'retry', afterMs: 1000, reason: 'boom', rateLimited: false }),
        );
        expect(out).toEqual({ status: 'retry', afterMs: 1000, reason: 'boom', rateLimited: false, sentParts: failAt });
        expect(sent.length).toBe(failAt - from);
      }
    }
  });

  it('clamps a fromPart beyond the parts to nothing left to send', async () => {
    expect(await sendParts(parts, 9, async () => 'x', () => ({ status: 'dead', reason: 'x' }))).toEqual({ status: 'sent', messageIds: [] });
  });
});

describe('Discord push nonce', () => {
  it('is stable per key and part, distinct across them, and at most 25 characters', () => {
    const seen = new Set<string>();
    for (const key of ['digest:1:2026-12-03T01:00Z', 'digest:1:2026-12-04T01:00Z', `alert:${'x'.repeat(300)}:1`]) {
      for (let i = 0; i < 10; i++) {
        const n = pushNonce(key, i);
        expect(n).toBe(pushNonce(key, i));
        expect(n.length).toBeLessThanOrEqual(MAX_NONCE);
        seen.add(n);
      }
    }
    expect(seen.size).toBe(30);
  });
});
