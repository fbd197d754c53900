import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import type { Actor } from '../../../src/core/command.js';
import type { Reply } from '../../../src/core/reply.js';
import { freshSqlite, type TestDatabase } from '../../helpers/databases.js';
import { digestRig, TestClock } from '../../helpers/delivery.js';

const mod: Actor = { platform: 'telegram', userId: '1', isModerator: true };
const member: Actor = { platform: 'telegram', userId: '2', isModerator: false };
const all = (r: Reply | null): string => JSON.stringify(r);

describe('/digest and /alerts through the core (text form)', () => {
  let t: TestDatabase;
  let run: (text: string, actor?: Actor, conv?: `telegram:${string}`) => Promise<Reply | null>;
  let rig: ReturnType<typeof digestRig>;
  beforeAll(async () => {
    t = await freshSqlite();
    const clock = new TestClock(Date.parse('2027-03-15T00:00:00Z'));
    rig = digestRig(t.database, clock);
    const { core } = await createApp({ clock, extraServices: { digests: rig.service, alerts: rig.service } });
    run = (text, actor = mod, conv = 'telegram:-100') => core.handleText(text, actor, conv);
  });
  afterAll(() => t.cleanup());

  it('sets a digest positionally and repeats the time as HH:MM with the zone', async () => {
    const r = await run('/digest set daily 09:00 Asia/Shanghai cbdc,policy 8');
    expect(r!.kind).toBeUndefined();
    expect(r!.text).toContain('09:00 Asia/Shanghai (01:00 UTC)');
    const show = all(await run('/digest show'));
    expect(show).toContain('09:00 Asia/Shanghai');
    expect(show).toContain('cbdc, policy');
    expect(show).toContain('"value":"8"');
    expect(show).toContain('Tue 2027-03-16 09:00 Asia/Shanghai');
  });

  it('accepts named options, a quoted cron and the underscore/at-bot forms', async () => {
    expect((await run('/digest set schedule:"weekly mon 09:30" timezone:UTC', mod, 'telegram:-101'))!.text).toContain('09:30 UTC');
    expect((await run('/digest@chainbrief_bot set "0 9 * * 1-5" Europe/Berlin', mod, 'telegram:-102'))!.text).toContain('09:00 Europe/Berlin');
    expect((await run('/digest set weekdays 08:30', mod, 'telegram:-103'))!.text).toContain('08:30 UTC');
  });

  it('refuses members, saying who may, and stores nothing', async () => {
    const r = await run('/digest set daily 10:00', member, 'telegram:-200');
    expect(r!.kind).toBe('error');
    expect(r!.text).toMatch(/moderators only .*chat admins on Telegram/);
    expect(await rig.digests.get('telegram:-200')).toBeUndefined();
    expect((await run('/alerts subscribe cbdc', member, 'telegram:-200'))!.text).toMatch(/moderators only/);
    expect(await rig.alerts.list('telegram:-200')).toEqual([]);
  });

  it('explains bad schedules, zones, topics and subcommands', async () => {
    expect((await run('/digest set hourly'))!.text).toMatch(/not a schedule I know.*daily 09:00/);
    expect((await run('/digest set daily 09:00 Mars/Base'))!.text).toMatch(/not an IANA time zone/);
    expect((await run('/digest set daily 09:00 UTC cbcd'))!.text).toMatch(/"cbcd" is not a topic.*cbdc/);
    expect((await run('/digest sett'))!.text).toMatch(/no subcommand "sett".*\/digest set/);
  });

  it('subscribes to topics and literal phrases, repeating them, one per value', async () => {
    expect((await run('/alerts subscribe cbdc', mod, 'telegram:55'))!.text).toContain('topic cbdc');
    expect((await run('/alerts subscribe "Digital Yuan"', mod, 'telegram:55'))!.text).toContain('"Digital Yuan"');
    expect((await run('/alerts subscribe 数字人民币', mod, 'telegram:55'))!.text).toContain('"数字人民币"');
    expect((await run('/alerts subscribe "digital yuan"', mod, 'telegram:55'))!.title).toBe('Already subscribed');
    expect(all(await run('/alerts list', mod, 'telegram:55'))).toContain('\\"Digital Yuan\\"');
    expect((await run('/alerts unsubscribe cbdc', mod, 'telegram:55'))!.title).toBe('Unsubscribed');
    expect((await run('/alerts off', mod, 'telegram:55'))!.text).toBe('Removed 2 subscriptions.');
  });

  it('resumes a paused conversation when a moderator runs a command there', async () => {
    await run('/digest set daily 09:00', mod, 'telegram:-300');
    await rig.digests.pause('telegram:-300', 'forbidden', 'not enough rights', 1);
    const r = await run('/digest show', mod, 'telegram:-300');
    expect(r!.text).toContain('were paused (forbidden); they resume now');
    expect(await rig.digests.pauseOf('telegram:-300')).toBeUndefined();
  });

  it('/digest now queues through the outbox; preview is ephemeral; off removes', async () => {
    rig.feed.add({ id: 'x', title: 'e-CNY @everyone https://evil.example news', url: 'https://news.example/x', publishedAt: '2027-03-14T23:00:00Z', outlets: [{ name: 'N' }], topics: ['cbdc'], firstPass: false });
    const p = await run('/digest preview');
    expect(p!.ephemeral).toBe(true);
    expect(p!.title).toBe('Preview — Digest — 1 new story');
    const text = p!.sections![0]!.items[0]!.text;
    expect(text).toContain('e-CNY @\u2060everyone');
    expect(text).not.toContain('evil.example');
    expect((await run('/digest now'))!.text).toContain('1 story');
    expect((await rig.outbox.stats(Date.parse('2027-03-15T00:00:00Z'))).pending).toBe(1);
    expect((await run('/digest now'))!.title).toBe('Nothing new');
    expect((await run('/digest off'))!.title).toBe('Digest removed');
    expect((await run('/digest show'))!.title).toBe('No digest');
  });
});
