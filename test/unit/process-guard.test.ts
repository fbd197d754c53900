import { describe, expect, it } from 'vitest';
import { stopAll, watchedAncestors } from '../../src/process-guard.js';

describe('stopAll: bounded shutdown', () => {
  it('runs stoppers in reverse order and reports failures without stopping the rest', async () => {
    const order: string[] = [];
    const errors: unknown[] = [];
    const ok = await stopAll(
      [async () => void order.push('store'), async () => Promise.reject(new Error('adapter broke')), async () => void order.push('ingest')],
      (e) => errors.push(e),
      1000,
    );
    expect(ok).toBe(true);
    expect(order).toEqual(['ingest', 'store']);
    expect(errors).toHaveLength(1);
  });
  it('gives up at the deadline when a stopper never returns (a store that no longer answers)', async () => {
    const started = Date.now();
    const ok = await stopAll([() => new Promise<void>(() => undefined)], () => undefined, 100);
    expect(ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('watchedAncestors', () => {
  it('watches only the parent when npm did not start us', () => {
    expect(watchedAncestors({})).toEqual(process.ppid === 1 ? [] : [process.ppid]);
  });
});
