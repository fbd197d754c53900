/**
 * The push half of the adapter contract: every adapter's PushPort delivers a frozen Reply as its
 * platform shows it, reports `sent` with one id per message, resumes after `fromPart`, maps each
 * platform failure to the same outcome, keeps escaping and limits, and never pings anyone. Each
 * adapter supplies a driver that reads back what a chat shows and injects faults into its fake.
 */
import { describe, expect, it } from 'vitest';
import type { ConversationRef } from '../../src/core/conversation.js';
import type { DeliveryOutcome, PushPort } from '../../src/core/push.js';
import type { Reply } from '../../src/core/reply.js';
import { metrics } from '../../src/ops/metrics.js';

/** Failures a platform can inject into its fake. */
export type PushFault = 'rate-limited' | 'server-error' | 'timeout' | 'blocked' | 'kicked' | 'not-found' | 'missing-permissions' | 'moved' | 'bad-request';

/** One message as a member of the conversation sees it. */
export interface PushedMessage {
  text: string;
  links: string[];
  /** Broken platform limits or markup, empty when fine. */
  problems: string[];
  /** True when the message could notify @everyone, roles or users. */
  pings: boolean;
}

/** Drives one adapter's PushPort against its fake platform. */
export interface PushDriver {
  port: PushPort;
  /** A fresh conversation that accepts pushes (each test gets its own, so limits and faults do not mix). */
  newConversation(): ConversationRef;
  /** What `conversation` shows, oldest first. */
  visible(conversation: ConversationRef): PushedMessage[];
  /**
   * Makes the next send to `conversation` fail with `fault` (retry_after `retryAfterS` for 429s),
   * after letting `skip` sends through. Returns the conversation a `moved` outcome must name.
   * Only the faults the platform has.
   */
  faults: Partial<Record<PushFault, (conversation: ConversationRef, retryAfterS: number, skip: number) => ConversationRef | void>>;
}

/** The outcome each fault must map to. */
const EXPECTED: Record<PushFault, (o: DeliveryOutcome, moved?: ConversationRef) => void> = {
  'rate-limited': (o) => expect(o).toMatchObject({ status: 'retry', rateLimited: true, sentParts: 0 }),
  'server-error': (o) => expect(o).toMatchObject({ status: 'retry', rateLimited: false, sentParts: 0 }),
  timeout: (o) => expect(o).toMatchObject({ status: 'retry', rateLimited: false, sentParts: 0 }),
  blocked: (o) => expect(o).toMatchObject({ status: 'paused', reason: 'blocked', sentParts: 0 }),
  kicked: (o) => expect(o).toMatchObject({ status: 'paused', reason: 'kicked', sentParts: 0 }),
  'not-found': (o) => expect(o).toMatchObject({ status: 'paused', reason: 'not-found', sentParts: 0 }),
  'missing-permissions': (o) => expect(o).toMatchObject({ status: 'paused', reason: 'missing-permissions', sentParts: 0 }),
  moved: (o, to) => expect(o).toEqual({ status: 'moved', to, sentParts: 0 }),
  'bad-request': (o) => expect(o).toMatchObject({ status: 'dead', sentParts: 0 }),
};

/** A reply long enough to need several messages on Discord and Telegram, full of hostile text. */
export function hostilePush(): Reply {
  return {
    title: 'Digest <b>not bold</b> & @everyone <@&123456789012345678>',
    text: 'Lead with <script>alert(1)</script>, @here and <@123456789012345678> — none of it may ping or render.',
    sections: Array.from({ length: 3 }, (_, s) => ({
      title: `Topic ${s} <i>x</i>`,
      items: Array.from({ length: 12 }, (_, i) => ({
        text: `Item ${s}-${i} ${'news about the digital yuan & chains <tag> '.repeat(6)}end-${s}-${i}`,
        date: '2026-12-01',
        source: { title: `Outlet ${s}-${i} <b>`, url: `https://example.org/${s}/${i}?a=1&b=2` },
      })),
    })),
    asOf: '2026-12-03',
    footer: 'footer @everyone',
  };
}

const short: Reply = { title: 'Alert: e-CNY', text: 'A new development.', asOf: '2026-12-03' };

async function rateLimitedCount(platform: string): Promise<number> {
  const v = (await metrics.rateLimited.get()).values.find((x) => x.labels.platform === platform);
  return v?.value ?? 0;
}

/** Registers the push contract for one adapter. */
export function describePushContract(name: string, getDriver: () => PushDriver, faults: PushFault[]): void {
  describe(`push contract: ${name}`, () => {
    it('delivers a reply and reports one platform id per message', { timeout: 30_000 }, async () => {
      const d = getDriver();
      const to = d.newConversation();
      const out = await d.port.deliver(to, short, { key: 'contract:short' });
      expect(out.status).toBe('sent');
      const shown = d.visible(to);
      expect(out.status === 'sent' && out.messageIds.length).toBe(shown.length);
      expect(shown.length).toBeGreaterThan(0);
      if (out.status === 'sent') {
        expect(new Set(out.messageIds).size).toBe(out.messageIds.length);
        for (const id of out.messageIds) expect(id).toMatch(/\S/);
      }
      expect(shown.map((m) => m.text).join('\n')).toContain('A new development.');
    });

    it('resumes after the parts an earlier attempt delivered', { timeout: 60_000 }, async () => {
      const d = getDriver();
      const whole = d.newConversation();
      const all = await d.port.deliver(whole, hostilePush(), { key: 'contract:whole' });
      expect(all.status).toBe('sent');
      const parts = d.visible(whole).map((m) => m.text);
      // Platforms with message size limits split this reply; a terminal prints it whole.
      if (d.port.platform !== 'console') expect(parts.length).toBeGreaterThan(2);
      const from = Math.max(Math.floor(parts.length / 2), 1);
      const rest = d.newConversation();
      const out = await d.port.deliver(rest, hostilePush(), { key: 'contract:rest', fromPart: from });
      expect(out).toEqual({ status: 'sent', messageIds: expect.any(Array) });
      expect(out.status === 'sent' && out.messageIds.length).toBe(parts.length - from);
      expect(d.visible(rest).map((m) => m.text)).toEqual(parts.slice(from));
    });

    it('keeps every item, escapes everything and holds the platform limits in pushed replies', { timeout: 60_000 }, async () => {
      const d = getDriver();
      const to = d.newConversation();
      expect((await d.port.deliver(to, hostilePush(), { key: 'contract:hostile' })).status).toBe('sent');
      const shown = d.visible(to);
      for (const m of shown) expect(m.problems).toEqual([]);
      const text = shown.map((m) => m.text).join('\n');
      expect(text).toContain('<b>not bold</b>');
      expect(text).toContain('<script>alert(1)</script>');
      for (let s = 0; s < 3; s++) for (let i = 0; i < 12; i++) expect(text).toContain(`end-${s}-${i}`);
      expect(shown.flatMap((m) => m.links).every((l) => l.startsWith('https://example.org/'))).toBe(true);
    });

    it('never pings anyone', { timeout: 60_000 }, async () => {
      const d = getDriver();
      const to = d.newConversation();
      await d.port.deliver(to, hostilePush(), { key: 'contract:pings' });
      const shown = d.visible(to);
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.filter((m) => m.pings)).toEqual([]);
    });

    it('can inject every failure the platform has', () => {
      expect(Object.keys(getDriver().faults).sort()).toEqual([...faults].sort());
    });

    if (faults.includes('server-error')) {
      it('reports the parts accepted before a failure, and resuming completes the reply without repeats', { timeout: 60_000 }, async () => {
        const d = getDriver();
        const clean = d.newConversation();
        await d.port.deliver(clean, hostilePush(), { key: 'contract:clean' });
        const expected = d.visible(clean).map((m) => m.text);
        const to = d.newConversation();
        d.faults['server-error']!(to, 0, 2);
        const first = await d.port.deliver(to, hostilePush(), { key: 'contract:partial' });
        expect(first).toMatchObject({ status: 'retry', rateLimited: false, sentParts: 2 });
        const rest = await d.port.deliver(to, hostilePush(), { key: 'contract:partial', fromPart: first.status === 'retry' ? first.sentParts : 0 });
        expect(rest.status === 'sent' && rest.messageIds.length).toBe(expected.length - 2);
        expect(d.visible(to).map((m) => m.text)).toEqual(expected);
      });
    }

    for (const fault of faults) {
      it(`maps ${fault} to its outcome, as data`, { timeout: 30_000 }, async () => {
        const d = getDriver();
        const inject = d.faults[fault]!;
        const to = d.newConversation();
        const before = await rateLimitedCount(d.port.platform);
        const moved = inject(to, 2, 0) ?? undefined;
        const out = await d.port.deliver(to, short, { key: `contract:${fault}` });
        EXPECTED[fault](out, moved);
        if (fault === 'rate-limited' && out.status === 'retry') {
          expect(out.afterMs).toBeGreaterThanOrEqual(2000);
          expect(out.afterMs).toBeLessThan(5000);
          expect(await rateLimitedCount(d.port.platform)).toBe(before + 1);
        }
        if (out.status !== 'sent') expect(d.visible(to)).toEqual([]);
      });
    }
  });
}
