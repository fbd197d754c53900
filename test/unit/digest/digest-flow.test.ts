import { afterEach, describe, expect, it } from 'vitest';
import { metrics } from '../../../src/ops/metrics.js';
import { dialectsUnderTest, type TestDatabase } from '../../helpers/databases.js';
import { digestRig, ScriptedPort, story, TestClock } from '../../helpers/delivery.js';


for (const dialect of dialectsUnderTest()) {
  describe(`digest flow on ${dialect.name}`, () => {
    let t: TestDatabase | undefined;
    afterEach(async () => {
      await t?.cleanup();
      t = undefined;
    });
    const rig = async (start = '2027-03-15T00:00:00Z', opts: { perHour?: number } = {}) => {
      t = await dialect.fresh();
      const clock = new TestClock(Date.parse(start));
      return { clock, ...digestRig(t.database, clock, opts) };
    };

    it('posts a scheduled digest once, at its slot and never before, through the outbox', async () => {
      const r = await rig();
      const conv = 'telegram:-100';
      const view = await r.service.set(conv, 'mod', { schedule: 'daily 09:00', timezone: 'Asia/Shanghai', topics: 'cbdc' });
      expect(view.time).toBe('09:00');
      expect(view.nextRuns[0]!.toISOString()).toBe('2027-03-15T01:00:00.000Z');
      r.feed.add(story('s1', 'PBoC widens e-CNY pilot', '2027-03-14T20:00:00Z'));
      r.feed.add(story('s2', 'Stablecoin rules drafted', '2027-03-14T21:00:00Z', ['policy']));
      r.clock.set('2027-03-15T00:59:59Z');
      expect(await r.service.tick()).toBe(0);
      r.clock.set('2027-03-15T01:00:04Z');
      expect(await Promise.all([r.service.tick(), r.service.tick()])).toSatisfy((n: number[]) => n[0]! + n[1]! === 1);
      expect(await r.service.tick()).toBe(0);
      const port = new ScriptedPort('telegram');
      const sender = r.sender(port);
      await sender.runOnce();
      await sender.drain();
      expect(port.delivered).toHaveLength(1);
      const reply = port.delivered[0]!.reply;
      expect(reply.title).toBe('Digest — 1 new story');
      expect(reply.sections![0]!.items[0]!.text).toContain('PBoC widens e-CNY pilot');
      expect(JSON.stringify(reply)).not.toContain('Stablecoin');
      expect((await r.service.show(conv))!.lastOutcome).toMatch(/^sent 1 message at 2027-03-15T01:00:04/);
      // Next day: nothing new → skipped and recorded, no post.
      r.clock.set('2027-03-16T01:00:02Z');
      expect(await r.service.tick()).toBe(0);
      expect((await r.service.show(conv))!.lastOutcome).toMatch(/^skipped: nothing new/);
    });

    it('posts a slot missed by less than the grace on start-up, marked delayed; older ones are recorded as missed', async () => {
      const r = await rig();
      await r.service.set('discord:1', 'mod', { schedule: 'daily 09:00', timezone: 'UTC' });
      await r.service.set('discord:2', 'mod', { schedule: 'daily 06:00', timezone: 'UTC' });
      r.feed.add(story('s1', 'Hong Kong mBridge update', '2027-03-15T05:00:00Z'));
      r.clock.set('2027-03-15T10:00:00Z');
      expect(await r.service.tick()).toBe(1);
      const row = await r.outbox.get(`digest:${(await r.digests.get('discord:1'))!.id}:${Date.parse('2027-03-15T09:00:00Z')}`);
      expect(JSON.parse(row!.payload).text).toContain('Delayed: this digest was due at Mon 2027-03-15 09:00');
      expect((await r.service.show('discord:2'))!.lastOutcome).toBe('missed while offline: 1 slot, last due Mon 2027-03-15 06:00');
      expect(await r.service.tick()).toBe(0);
    });

    it('records each delivery outcome: 429 retries without counting, 5xx backs off then dies, blocked pauses, moved follows', async () => {
      const r = await rig();
      const port = new ScriptedPort('telegram');
      const sender = r.sender(port, { maxAttempts: 2, backoffBaseMs: 1000 });
      const run = async (): Promise<void> => {
        await sender.runOnce();
        await sender.drain();
      };
      const tgLimited = async (): Promise<number> => (await metrics.rateLimited.get()).values.find((v) => v.labels.platform === 'telegram')?.value ?? 0;
      const limitedBefore = await tgLimited();
      await r.outbox.enqueue({ key: 'a', kind: 'alert', conversation: 'telegram:1', payload: { text: 'x' } }, r.clock.t);
      port.answer('telegram:1', { status: 'retry', afterMs: 3000, reason: '429', rateLimited: true, sentParts: 0 });
      await run();
      let row = await r.outbox.get('a');
      expect([row!.state, row!.attempts, Number(row!.next_attempt_at) - r.clock.t]).toEqual(['retry', 0, 3000]);
      expect(await tgLimited()).toBe(limitedBefore + 1);
      r.clock.advance(3000);
      port.answer('telegram:1', { status: 'retry', afterMs: 0, reason: 'HTTP 502', rateLimited: false, sentParts: 1 });
      await run();
      row = await r.outbox.get('a');
      // Jitter fixed at 0.5: the delay is 75 % of the 1 s base.
      expect([row!.state, row!.attempts, row!.sent_parts, Number(row!.next_attempt_at) - r.clock.t]).toEqual(['retry', 1, 1, 750]);
      r.clock.advance(750);
      port.answer('telegram:1', { status: 'retry', afterMs: 0, reason: 'timeout', rateLimited: false, sentParts: 0 });
      await run();
      expect(port.delivered.at(-1)!.opts.fromPart).toBe(1);
      row = await r.outbox.get('a');
      expect([row!.state, row!.last_error]).toEqual(['dead', 'timeout (after 2 attempts)']);

      // Blocked: the digest pauses, the tick skips it, /alerts list shows it, a moderator's command resumes it.
      await r.service.set('telegram:2', 'mod', { schedule: 'daily 09:00' });
      await r.service.subscribe('telegram:2', 'cbdc');
      await r.outbox.enqueue({ key: 'b', kind: 'alert', conversation: 'telegram:2', payload: { text: 'x' } }, r.clock.t);
      await r.outbox.enqueue({ key: 'b2', kind: 'alert', conversation: 'telegram:2', payload: { text: 'y' }, notBefore: r.clock.t + 10 }, r.clock.t);
      port.answer('telegram:2', { status: 'paused', reason: 'blocked', detail: 'bot was blocked by the user', sentParts: 0 });
      await run();
      expect((await r.outbox.get('b2'))!.state).toBe('paused');
      expect((await r.service.show('telegram:2'))!.paused).toBe('blocked (bot was blocked by the user)');
      expect((await r.service.list('telegram:2')).paused).toBe('blocked');
      r.clock.set('2027-03-15T09:00:01Z');
      expect(await r.digests.listDue(r.clock.t, 10)).toEqual([]);
      expect(await r.service.resume('telegram:2')).toBe('blocked');
      expect(await r.service.resume('telegram:2')).toBeUndefined();

      // Moved: subscriptions and digest follow the supergroup; the message is delivered there.
      await r.service.set('telegram:-3', 'mod', { schedule: 'daily 10:00' });
      await r.service.subscribe('telegram:-3', '"digital yuan"');
      await r.outbox.enqueue({ key: 'c', kind: 'alert', conversation: 'telegram:-3', payload: { text: 'z' } }, r.clock.t);
      port.answer('telegram:-3', { status: 'moved', to: 'telegram:-1003', sentParts: 0 });
      await run();
      await run();
      expect(port.delivered.at(-1)!.conversation).toBe('telegram:-1003');
      expect((await r.outbox.get('c'))!.state).toBe('sent');
      expect(await r.service.show('telegram:-3')).toBeUndefined();
      expect((await r.service.show('telegram:-1003'))!.schedule).toBe('daily 10:00');
      expect((await r.service.list('telegram:-1003')).subscriptions).toEqual([{ kind: 'words', label: 'digital yuan' }]);
    });

    it('/digest now queues at once; the first digest covers the last 24 hours', async () => {
      const r = await rig('2027-03-15T12:00:00Z');
      await r.service.set('discord:9', 'mod', { schedule: 'weekly mon 09:00', max: 1 });
      r.feed.add(story('old', 'Old news', '2027-03-13T12:00:00Z'));
      r.feed.add(story('a', 'Fresh one', '2027-03-15T10:00:00Z'));
      r.feed.add(story('b', 'Fresh two, two outlets', '2027-03-15T09:00:00Z', ['cbdc'], { outlets: [{ name: 'A' }, { name: 'B' }] }));
      expect(await r.service.postNow('discord:9')).toEqual({ count: 2 });
      const row = await r.outbox.get(`digest:${(await r.digests.get('discord:9'))!.id}:now-${r.clock.t}`);
      const reply = JSON.parse(row!.payload);
      expect(reply.sections[0].items).toHaveLength(1);
      expect(reply.sections[0].items[0].text).toContain('Fresh two');
      expect(reply.footer).toContain('…and 1 more: /news cbdc');
      expect(JSON.stringify(reply)).not.toContain('Old news');
      expect(await r.service.postNow('discord:9')).toEqual({ count: 0 });
    });
  });
}
