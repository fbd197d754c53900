/**
 * Digests and alerts end to end on Telegram: commands through telegraf against the fake Bot API,
 * rows in a real SQLite file, the tick and matcher, the outbox sender delivering through the
 * adapter's push port — and the fake's faults (429, 500, blocked, chat not found, migration).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertMatcher } from '../../src/digest/alert-matcher.js';
import { ALICE, BOB_ADMIN, GROUP, PRIVATE_CHAT, SUPERGROUP, startTelegramHarness, visibleText, type TelegramHarness } from '../fakes/telegram-harness.js';
import { platformRig, story, TestClock, TOPICS, type PlatformRig } from '../helpers/delivery.js';

describe('digests and alerts on Telegram (fake Bot API)', () => {
  let p: PlatformRig<TelegramHarness>;
  let h: TelegramHarness;
  let rig: PlatformRig<TelegramHarness>['rig'];
  const clock = new TestClock(Date.parse('2027-03-15T00:00:00Z'));
  const send = (): Promise<void> => p.send();

  beforeAll(async () => {
    p = await platformRig(clock, (core) => startTelegramHarness({ core }));
    ({ h, rig } = p);
  });
  afterAll(() => p.close());

  it('a group admin sets a digest; a member is refused and nothing is stored', async () => {
    const refused = visibleText(await h.say('/digest set daily 10:00', { chat: GROUP, from: ALICE }));
    expect(refused).toMatch(/moderators only/);
    expect(await rig.digests.get(`telegram:${GROUP.id}`)).toBeUndefined();
    const ok = visibleText(await h.say('/digest set daily 09:00 Asia/Shanghai cbdc', { chat: GROUP, from: BOB_ADMIN }));
    expect(ok).toContain('09:00 Asia/Shanghai');
    expect(visibleText(await h.say('/digest show', { chat: GROUP, from: BOB_ADMIN }))).toMatch(/09:00 Asia\/Shanghai[\s\S]*Tue 2027-03-16 09:00/);
  });

  it('posts the digest at its slot through the outbox, once', async () => {
    rig.feed.add(story('s1', 'PBoC widens the <e-CNY> pilot & more', '2027-03-14T22:00:00Z'));
    clock.set('2027-03-15T00:59:59Z');
    expect(await rig.service.tick()).toBe(0);
    clock.set('2027-03-15T01:00:03Z');
    expect(await rig.service.tick()).toBe(1);
    await send();
    const got = h.fake.sentTo(GROUP.id).filter((m) => m.text.includes('new story'));
    expect(got).toHaveLength(1);
    expect(got[0]!.text).toContain('PBoC widens the <e-CNY> pilot & more');
    await send();
    expect(h.fake.sentTo(GROUP.id).filter((m) => m.text.includes('new story'))).toHaveLength(1);
    expect(visibleText(await h.say('/digest show', { chat: GROUP, from: BOB_ADMIN }))).toMatch(/sent 1 message at 2027-03-15T01:00:03/);
  });

  it('a user subscribes in a private chat and gets one alert per matching story', async () => {
    const matcher = new AlertMatcher({ feed: rig.feed, alerts: rig.alerts, outbox: rig.outbox, topics: TOPICS, clock });
    expect(visibleText(await h.say('/alerts subscribe cbdc', { chat: PRIVATE_CHAT, from: ALICE }))).toContain('topic cbdc');
    expect(visibleText(await h.say('/alerts subscribe "Digital Yuan"', { chat: PRIVATE_CHAT, from: ALICE }))).toContain('"Digital Yuan"');
    await matcher.pass();
    rig.feed.add(story('s2', 'Ｄｉｇｉｔａｌ yuan wallets top 200m', '2027-03-15T01:00:00Z'));
    rig.feed.add(story('s3', 'Unrelated policy note', '2027-03-15T01:00:00Z', ['policy']));
    expect(await matcher.pass()).toBe(1);
    await send();
    const alerts = h.fake.sentTo(PRIVATE_CHAT.id).filter((m) => m.text.startsWith('Alert'));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain('Ｄｉｇｉｔａｌ yuan wallets top 200m');
  });

  it('waits out a 429 without counting it, backs off on a 500, then delivers', async () => {
    await rig.outbox.enqueue({ key: 'fault-1', kind: 'alert', conversation: `telegram:${GROUP.id}`, payload: { text: 'after faults' } }, clock.t);
    h.fake.failChat(GROUP.id, 'rate-limited', { retryAfter: 2 });
    await send();
    let row = await rig.outbox.get('fault-1');
    expect([row!.state, row!.attempts]).toEqual(['retry', 0]);
    expect(Number(row!.next_attempt_at) - clock.t).toBeGreaterThanOrEqual(2000);
    clock.advance(2000);
    h.fake.failChat(GROUP.id, 'server-error');
    await send();
    row = await rig.outbox.get('fault-1');
    expect([row!.state, row!.attempts]).toEqual(['retry', 1]);
    clock.advance(60_000);
    await send();
    expect((await rig.outbox.get('fault-1'))!.state).toBe('sent');
    expect(h.fake.sentTo(GROUP.id).at(-1)!.text).toContain('after faults');
  });

  it('pauses a chat that blocked the bot or is gone, and a moderator command resumes it', async () => {
    await rig.outbox.enqueue({ key: 'blocked-1', kind: 'alert', conversation: `telegram:${PRIVATE_CHAT.id}`, payload: { text: 'x' } }, clock.t);
    h.fake.failChat(PRIVATE_CHAT.id, 'blocked');
    await send();
    expect((await rig.outbox.get('blocked-1'))!.state).toBe('paused');
    expect((await rig.service.list(`telegram:${PRIVATE_CHAT.id}`)).paused).toBe('blocked');
    expect(visibleText(await h.say('/alerts list', { chat: PRIVATE_CHAT, from: ALICE }))).toContain('were paused (blocked); they resume now');

    await rig.service.set('telegram:-4999', 'mod', { schedule: 'daily 09:00' });
    await rig.outbox.enqueue({ key: 'gone-1', kind: 'digest', conversation: 'telegram:-4999', payload: { text: 'x' } }, clock.t);
    await send();
    expect((await rig.outbox.get('gone-1'))!.state).toBe('paused');
    expect((await rig.service.show('telegram:-4999'))!.paused).toMatch(/^not-found/);
  });

  it('follows a group that became a supergroup: subscriptions move and the message is delivered there', async () => {
    h.fake.addChat({ id: -1009876, type: 'supergroup', title: 'migrated' });
    h.fake.addChat({ id: -4100, type: 'group', title: 'old group' });
    await rig.service.set('telegram:-4100', 'mod', { schedule: 'weekly mon 09:00', timezone: 'UTC' });
    await rig.service.subscribe('telegram:-4100', 'policy');
    await rig.outbox.enqueue({ key: 'move-1', kind: 'alert', conversation: 'telegram:-4100', payload: { text: 'moving day' } }, clock.t);
    h.fake.failChat(-4100, 'migrated', { migrateTo: -1009876 });
    await send();
    await send();
    expect(h.fake.sentTo(-1009876).map((m) => m.text)).toEqual(['moving day']);
    expect((await rig.service.show('telegram:-1009876'))!.schedule).toBe('weekly mon 09:00');
    expect((await rig.service.list('telegram:-1009876')).subscriptions).toEqual([{ kind: 'topic', label: 'policy' }]);
    expect(await rig.service.show('telegram:-4100')).toBeUndefined();
    expect(SUPERGROUP.id).not.toBe(-1009876);
  });
});
