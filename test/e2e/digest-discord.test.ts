/**
 * Digests and alerts end to end on Discord: real discord.js against the fake gateway and REST,
 * `/digest` as a real subcommand interaction, the digest posted to the channel through the outbox
 * (with a nonce), faults (500, missing permissions, unknown channel) and a resend that the
 * nonce keeps from posting twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, viewAll, type Harness } from '../fakes/discord-harness.js';
import { envelope, type ActorSpec } from '../fakes/discord-payloads.js';
import { snowflake } from '../fakes/discord-server.js';
import { viewMessage } from '../fakes/discord-view.js';
import { platformRig, story, TestClock, type PlatformRig } from '../helpers/delivery.js';

/** A subcommand interaction as Discord sends it: one option of type 1 holding the typed options. */
function subcommand(h: Harness, name: string, sub: string, args: Array<{ name: string; type: 3 | 4; value: string | number }>, actor: ActorSpec) {
  return { ...envelope(h.fake, 2, actor), data: { id: snowflake(), name, type: 1, options: [{ type: 1, name: sub, options: args }] } };
}

describe('digests on Discord (fake gateway + REST)', () => {
  let p: PlatformRig<Harness>;
  let h: Harness;
  let rig: PlatformRig<Harness>['rig'];
  const clock = new TestClock(Date.parse('2027-03-15T00:00:00Z'));
  const send = (): Promise<void> => p.send();
  let conv: string;
  const channelText = (): string[] => h.fake.visibleMessages().map((m) => viewMessage(m.body).text);

  beforeAll(async () => {
    p = await platformRig(clock, (core) => startHarness({ core, guildId: '100000000000000001' }));
    ({ h, rig } = p);
    conv = `discord:${h.fake.channelId}`;
  });
  afterAll(() => p.close());

  it('registers /digest and /alerts with real subcommands, moderators only', () => {
    const body = [...h.fake.registered.values()][0] as Array<{ name: string; options: Array<{ type: number; name: string }>; default_member_permissions: string | null }>;
    const digest = body.find((c) => c.name === 'digest')!;
    expect(digest.options.map((o) => [o.type, o.name])).toEqual([[1, 'set'], [1, 'show'], [1, 'preview'], [1, 'now'], [1, 'off']]);
    expect(digest.default_member_permissions).not.toBeNull();
    expect(body.find((c) => c.name === 'alerts')!.options.map((o) => o.name)).toEqual(['subscribe', 'list', 'unsubscribe', 'off']);
  });

  it('refuses a member and stores nothing; a moderator sets the digest and sees HH:MM with the zone', async () => {
    const set = [
      { name: 'schedule', type: 3 as const, value: 'daily 09:00' },
      { name: 'timezone', type: 3 as const, value: 'Asia/Shanghai' },
      { name: 'topics', type: 3 as const, value: 'cbdc' },
    ];
    const refused = viewAll((await h.interact(subcommand(h, 'digest', 'set', set, {}))).messages);
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/moderators only/);
    expect(await rig.digests.get(conv)).toBeUndefined();
    const ok = viewAll((await h.interact(subcommand(h, 'digest', 'set', set, { moderator: true }))).messages);
    expect(ok.text).toContain('09:00 Asia/Shanghai (01:00 UTC)');
    const show = viewAll((await h.interact(subcommand(h, 'digest', 'show', [], { moderator: true }))).messages);
    expect(show.text).toMatch(/09:00 Asia\/Shanghai/);
  });

  it('posts the scheduled digest to the channel through the outbox, with a nonce, once', async () => {
    rig.feed.add(story('d1', 'Shenzhen @everyone tests e-CNY https://evil.example/x payroll', '2027-03-14T23:00:00Z'));
    clock.set('2027-03-15T01:00:02Z');
    expect(await rig.service.tick()).toBe(1);
    await send();
    const posts = h.fake.visibleMessages().filter((m) => viewMessage(m.body).text.includes('new story'));
    expect(posts).toHaveLength(1);
    const text = viewMessage(posts[0]!.body).text;
    expect(text).toContain('Shenzhen');
    expect(text).not.toContain('evil.example');
    expect(text).not.toMatch(/@everyone/);
    expect(posts[0]!.body.nonce).toBeTruthy();
    expect(posts[0]!.body.enforce_nonce).toBe(true);
  });

  it('/digest now is acknowledged in the interaction and posted to the channel through the outbox', async () => {
    rig.feed.add(story('d2', 'Hong Kong joins mBridge pilot', '2027-03-15T01:30:00Z'));
    clock.set('2027-03-15T02:00:00Z');
    const before = channelText().length;
    const ack = await h.interact(subcommand(h, 'digest', 'now', [], { moderator: true }));
    expect(viewAll(ack.messages).text).toContain('is being posted to this channel');
    expect(channelText().length).toBe(before);
    await send();
    expect(channelText().slice(before).join('\n')).toContain('Hong Kong joins mBridge pilot');
  });

  it('retries a 500, then pauses on missing permissions; an unknown channel pauses too', async () => {
    await rig.outbox.enqueue({ key: 'dfault', kind: 'alert', conversation: conv, payload: { text: 'fault test' } }, clock.t);
    h.fake.failChannel(h.fake.channelId, 'server-error');
    await send();
    expect((await rig.outbox.get('dfault'))!.state).toBe('retry');
    clock.advance(60_000);
    h.fake.failChannel(h.fake.channelId, 'missing-permissions');
    await send();
    expect((await rig.outbox.get('dfault'))!.state).toBe('paused');
    expect((await rig.service.show(conv))!.paused).toMatch(/missing-permissions|forbidden/);
    const resumed = viewAll((await h.interact(subcommand(h, 'digest', 'show', [], { moderator: true }))).messages);
    expect(resumed.text).toMatch(/were paused .* they resume now/);

    await rig.outbox.enqueue({ key: 'gone', kind: 'alert', conversation: 'discord:1399999999999999999', payload: { text: 'x' } }, clock.t);
    await send();
    expect((await rig.outbox.get('gone'))!.state).toBe('paused');
  });
});
