/** The pacer under a driven clock: limits hold in every window, replies go first, 429s back off, nothing starves. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConversationRef } from '../../../src/core/conversation.js';
import { createPacer, discordPacer, telegramPacer, type PacerTimers } from '../../../src/delivery/pacer.js';

/** A clock that only moves when the test says so; scheduled callbacks run in time order. */
class ManualTimers implements PacerTimers {
  private t = 0;
  private tasks: Array<{ at: number; fn: () => void; id: number }> = [];
  private ids = 0;

  now(): number {
    return this.t;
  }

  schedule(fn: () => void, ms: number): () => void {
    const id = ++this.ids;
    this.tasks.push({ at: this.t + Math.max(0, ms), fn, id });
    return () => {
      this.tasks = this.tasks.filter((x) => x.id !== id);
    };
  }

  /** Makes the next scheduled task run `ms` later than asked (a late timer). */
  delayNext(ms: number): void {
    this.tasks.sort((a, b) => a.at - b.at || a.id - b.id);
    if (this.tasks[0]) this.tasks[0].at += ms;
  }

  /** Runs every task due up to `until`, letting granted promises settle in between. */
  async runUntil(until: number): Promise<void> {
    for (;;) {
      await flush();
      this.tasks.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.tasks[0];
      if (!next || next.at > until) break;
      this.tasks.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = Math.max(this.t, until);
    await flush();
  }
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

interface Grant {
  conversation: ConversationRef;
  priority: 'reply' | 'push';
  at: number;
  asked: number;
}

/** Most grants in any window of `span` ms (half-open, as the fakes count). */
function maxInWindow(times: number[], span: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= span) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const CHATS: ConversationRef[] = ['telegram:1', 'telegram:2', 'telegram:3', 'telegram:-4', 'telegram:-5', 'telegram:-1006', 'telegram:-5/77'];

describe('pacer: Telegram limits', () => {
  it('never exceeds 30/s overall, 1/s per chat, 20/min per group, and grants everything (property)', async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ chat: fc.constantFrom(...CHATS), priority: fc.constantFrom('reply' as const, 'push' as const), at: fc.integer({ min: 0, max: 5000 }) }), { minLength: 1, maxLength: 120 }),
        async (requests) => {
          cases++;
          const timers = new ManualTimers();
          const pacer = telegramPacer(30, timers);
          const grants: Grant[] = [];
          const sorted = [...requests].sort((a, b) => a.at - b.at);
          for (const r of sorted) {
            await timers.runUntil(r.at);
            void pacer.take(r.chat, r.priority).then(() => grants.push({ conversation: r.chat, priority: r.priority, at: timers.now(), asked: r.at }));
          }
          await timers.runUntil(10 * 60_000);
          expect(grants).toHaveLength(requests.length);
          expect(pacer.waiting).toBe(0);
          expect(maxInWindow(grants.map((g) => g.at), 1000)).toBeLessThanOrEqual(30);
          const byChat = new Map<string, number[]>();
          for (const g of grants) {
            const chat = g.conversation.split('/')[0]!;
            byChat.set(chat, [...(byChat.get(chat) ?? []), g.at]);
          }
          for (const [chat, times] of byChat) {
            expect(maxInWindow(times, 1000), chat).toBeLessThanOrEqual(1);
            if (chat.startsWith('telegram:-')) expect(maxInWindow(times, 60_000), chat).toBeLessThanOrEqual(20);
          }
          for (const g of grants) expect(g.at).toBeGreaterThanOrEqual(g.asked);
        },
      ),
      { numRuns: 150 },
    );
    expect(cases).toBe(150);
  });

  it('lets replies overtake pushes waiting for the same chat (property)', async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }), async (pushes, replies) => {
        cases++;
        const timers = new ManualTimers();
        const pacer = telegramPacer(30, timers);
        const order: string[] = [];
        // The first push takes the chat's slot; every later take waits, replies queued after the pushes.
        for (let i = 0; i < pushes; i++) void pacer.take('telegram:1', 'push').then(() => order.push('push'));
        for (let i = 0; i < replies; i++) void pacer.take('telegram:1', 'reply').then(() => order.push('reply'));
        await timers.runUntil(60_000);
        expect(order).toEqual(['push', ...Array(replies).fill('reply'), ...Array(pushes - 1).fill('push')]);
      }),
      { numRuns: 60 },
    );
    expect(cases).toBe(60);
  });

  it('stays on its even schedule when timers fire late, without a burst after a pause', async () => {
    const timers = new ManualTimers();
    const pacer = discordPacer(50, timers);
    const gap = 1040 / 50;
    const times: number[] = [];
    void pacer.take('discord:1', 'push').then(() => times.push(timers.now()));
    await timers.runUntil(0);
    // The next slot is at one gap; the timer fires 5 ms late, the one after is still on schedule.
    void pacer.take('discord:1', 'push').then(() => times.push(timers.now()));
    void pacer.take('discord:1', 'push').then(() => times.push(timers.now()));
    await timers.runUntil(gap - 0.001);
    timers.delayNext(5);
    await timers.runUntil(3 * gap);
    expect(times.map((t) => Math.round(t * 10) / 10)).toEqual([0, Math.round((gap + 5) * 10) / 10, Math.round(2 * gap * 10) / 10]);
    // After ten idle seconds the next two are a full gap apart, not a burst.
    await timers.runUntil(10_000);
    void pacer.take('discord:1', 'push').then(() => times.push(timers.now()));
    void pacer.take('discord:1', 'push').then(() => times.push(timers.now()));
    await timers.runUntil(11_000);
    expect(times[4]! - times[3]!).toBeCloseTo(gap, 6);
  });

  it('keeps one busy chat from holding up the others', async () => {
    const timers = new ManualTimers();
    const pacer = telegramPacer(30, timers);
    const granted: string[] = [];
    for (let i = 0; i < 5; i++) void pacer.take('telegram:1', 'push').then(() => granted.push(`1@${Math.round(timers.now())}`));
    void pacer.take('telegram:2', 'push').then(() => granted.push(`2@${Math.round(timers.now())}`));
    await timers.runUntil(100);
    // Chat 2 goes next, one global gap (1040 ms / 30) later, while chat 1 waits for its second.
    expect(granted).toEqual(['1@0', '2@35']);
  });

  it('reaches the configured overall rate, evenly spread, when many chats wait (600 chats at 30/s take about 20 s)', async () => {
    const timers = new ManualTimers();
    const pacer = telegramPacer(30, timers);
    const times: number[] = [];
    for (let i = 0; i < 600; i++) void pacer.take(`telegram:${i + 1}`, 'push').then(() => times.push(timers.now()));
    await timers.runUntil(60_000);
    expect(times).toHaveLength(600);
    // 599 gaps of 1040/30 ms: the 40 ms slack per second keeps the rate at 96 % of the limit.
    expect(times[599]).toBeCloseTo((599 * 1040) / 30, 3);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeCloseTo(1040 / 30, 3);
  });
});

describe('pacer: back-off after a 429', () => {
  it('delays only the chat that was limited, or everything for a global 429', async () => {
    const timers = new ManualTimers();
    const pacer = discordPacer(50, timers);
    pacer.backOff('discord:1', 5000);
    const at: Record<string, number> = {};
    void pacer.take('discord:1', 'push').then(() => (at.one = timers.now()));
    void pacer.take('discord:2', 'push').then(() => (at.two = timers.now()));
    await timers.runUntil(10_000);
    expect(at).toEqual({ one: 5000, two: 0 });

    pacer.backOff(undefined, 3000);
    void pacer.take('discord:3', 'reply').then(() => (at.three = timers.now()));
    await timers.runUntil(20_000);
    expect(at.three).toBe(13_000);
  });

  it('a Discord pacer has no per-chat limit but holds 50/s overall', async () => {
    const timers = new ManualTimers();
    const pacer = discordPacer(50, timers);
    const times: number[] = [];
    for (let i = 0; i < 120; i++) void pacer.take('discord:1', 'push').then(() => times.push(timers.now()));
    await timers.runUntil(10_000);
    expect(times).toHaveLength(120);
    expect(maxInWindow(times, 1000)).toBe(49);
    expect(times[119]).toBeCloseTo((119 * 1040) / 50, 3);
  });

  it('refuses a limit that is not positive', () => {
    expect(() => createPacer({ globalPerSecond: 0 })).toThrow(/positive/);
  });
});
