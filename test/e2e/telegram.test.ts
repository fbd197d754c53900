/**
 * End to end: the real telegraf bot against the fake Bot API — every command in private chats,
 * groups and channels, hyphen and underscore forms, `/cmd@bot`, page buttons, moderator checks,
 * menus per scope, error kinds, and every outgoing message checked as Telegram HTML.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { BotCore } from '../../src/core/dispatch.js';
import { underscoreName } from '../../src/core/command.js';
import { commands } from '../../commands/index.js';
import { defineCommand, type Services } from '../../commands/services.js';
import { contractModCommand } from '../contract/adapter-contract.js';
import { ERROR_MARK } from '../../src/adapters/telegram/render.js';
import {
  ALICE,
  BOB_ADMIN,
  CAROL_OWNER,
  CHANNEL,
  GROUP,
  PRIVATE_CHAT,
  SUPERGROUP,
  startTelegramHarness,
  visibleText,
  type TelegramHarness,
} from '../fakes/telegram-harness.js';

/** A paged answer whose cursor is too long for callback_data, so it must be stored. */
const pagedProbe = defineCommand({
  data: {
    name: 'paged-probe',
    description: 'Three short pages, for pagination tests',
    permission: 'everyone',
    options: [{ type: 'string', name: 'query', description: 'Anything', greedy: true }],
    examples: ['/paged-probe'],
  },
  async execute({ page, args }) {
    const q = typeof args.query === 'string' ? args.query : 'none';
    return { title: `Probe <${q}>`, text: `page ${page} of 3`, asOf: '2024-05-01', pagination: { command: 'paged-probe', args: { query: q }, page, pageCount: 3 } };
  },
});

/** A paged answer that shows which conversation (and thread) the core was told about. */
const threadProbe = defineCommand({
  data: { name: 'thread-probe', description: 'Shows the conversation, for thread tests', permission: 'everyone', options: [], examples: ['/thread-probe'] },
  async execute({ page, invocation }) {
    return { title: 'Thread probe', text: `page ${page} in ${invocation.conversation}`, pagination: { command: 'thread-probe', args: {}, page, pageCount: 2 } };
  },
});

/** Hostile, long content through the real send path. */
const hostileProbe = defineCommand({
  data: { name: 'hostile-probe', description: 'Hostile text, for HTML tests', permission: 'everyone', options: [], examples: ['/hostile-probe'] },
  async execute() {
    return {
      title: '<script>alert("x")</script> & </b>',
      text: `${'<i>unbalanced &amp; '.repeat(600)}`,
      sections: [{ title: '<a href="javascript:x">', items: [{ text: '&lt; already escaped', source: { title: '<b>src</b>', url: 'https://example.test/?q=<x>&y="1"' } }] }],
      asOf: '2024-05-01',
    };
  },
});

let h: TelegramHarness;
let core: BotCore<Services>;
let bot: string;
/** The adapter's clock: real time plus whatever a test skips ahead. */
let skippedMs = 0;

beforeAll(async () => {
  const { services } = await createApp();
  core = new BotCore<Services>({ commands: [...commands, contractModCommand, pagedProbe, threadProbe, hostileProbe], services });
  h = await startTelegramHarness({ core, clock: { now: () => new Date(Date.now() + skippedMs) } });
  bot = h.adapter.botUsername;
});

afterAll(async () => {
  await h?.close();
});

const publicCommands = commands.filter((c) => c.data.permission === 'everyone');

/** Whether the core itself answers the bare command with an error (e.g. a feature not configured here). */
async function coreSaysError(name: string): Promise<boolean> {
  const reply = await core.handleText(`/${name}`, { platform: 'telegram', userId: '1', isModerator: false }, 'telegram:1');
  expect(reply?.title).not.toBe('Something went wrong');
  return reply?.kind === 'error';
}

describe('telegram e2e: start-up', () => {
  it('sets the menus: public commands by default, moderator commands only for chat admins', () => {
    const def = h.fake.menus.get('default')!.map((c) => c.command);
    const admins = h.fake.menus.get('all_chat_administrators')!.map((c) => c.command);
    for (const c of publicCommands) {
      expect(def).toContain(underscoreName(c.data.name));
      expect(admins).toContain(underscoreName(c.data.name));
    }
    expect(def).toContain('china_blockchain');
    expect(def).not.toContain('contract_mod');
    expect(admins).toContain('contract_mod');
    for (const name of [...def, ...admins]) expect(name).toMatch(/^[a-z0-9_]{1,32}$/);
  });

  it('long-polls: getUpdates carries a timeout and is held open, never a busy loop', async () => {
    await h.say('/help');
    const polls = h.fake.callsOf('getUpdates');
    expect(polls.length).toBeGreaterThan(0);
    for (const p of polls) expect(Number(p.payload.timeout)).toBeGreaterThanOrEqual(1);
    expect(h.fake.emptyPolls).toBe(0);
    expect(h.fake.maxConcurrentPolls).toBe(1);
    expect(h.fake.callsOf('deleteWebhook').length).toBe(1);
  });
});

describe('telegram e2e: commands', () => {
  it.each(publicCommands.map((c) => c.data.name))('/%s answers in a private chat (underscore form)', async (name) => {
    const sent = await h.say(`/${underscoreName(name)}`);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent[0]!.text.startsWith(ERROR_MARK)).toBe(await coreSaysError(name));
    expect(sent[0]!.replyTo).toBeGreaterThan(0);
    expect(sent.every((m) => m.linkPreviewDisabled)).toBe(true);
  });

  it.each(publicCommands.map((c) => c.data.name))('/%s@bot answers in a group', async (name) => {
    const sent = await h.say(`/${underscoreName(name)}@${bot}`, { chat: GROUP });
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((m) => m.chatId === GROUP.id)).toBe(true);
    expect(sent[0]!.text.startsWith(ERROR_MARK)).toBe(await coreSaysError(name));
  });

  it('/city_rank carries Beijing 99.82, source links and the as-of date', async () => {
    const sent = await h.say('/city_rank');
    const text = visibleText(sent);
    expect(text).toContain('Beijing');
    expect(text).toContain('99.82');
    expect(text).toMatch(/As of \d{4}-\d{2}-\d{2}/);
    expect(sent.flatMap((m) => m.links).some((l) => /^https?:\/\//.test(l))).toBe(true);
  });

  it('/cbdc_status China answers with the e-CNY pilot and sources', async () => {
    const text = visibleText(await h.say('/cbdc_status China'));
    expect(text).toMatch(/e-CNY/);
    expect(text.toLowerCase()).toContain('pilot');
    expect(text).toMatch(/As of/);
  });

  it('/china-blockchain typed with the hyphen (Telegram marks only /china) gets the right answer', async () => {
    const hyphen = visibleText(await h.say('/china-blockchain fujian'));
    const underscore = visibleText(await h.say('/china_blockchain fujian'));
    expect(hyphen).toContain('2020-09');
    expect(hyphen).toBe(underscore);
    const group = visibleText(await h.say(`/china-blockchain@${bot} fujian`, { chat: SUPERGROUP }));
    expect(group).toBe(underscore);
  });

  it('/city_rank@<botname> in a group works; addressed to another bot it is ignored', async () => {
    const ours = await h.say(`/city_rank@${bot}`, { chat: GROUP });
    expect(visibleText(ours)).toContain('Beijing');
    expect(await h.say('/city_rank@some_other_bot', { chat: GROUP })).toEqual([]);
  });

  it('a bare unknown command is left to other bots in groups, but answered in private', async () => {
    expect(await h.say('/weather', { chat: GROUP })).toEqual([]);
    const priv = await h.say('/city_rnk');
    expect(priv[0]!.text.startsWith(ERROR_MARK)).toBe(true);
    expect(priv[0]!.text).toContain('/city_rank');
    expect(await h.say('just chatting, not a command')).toEqual([]);
  });

  it('/start opens with the help text', async () => {
    const text = visibleText(await h.say('/start'));
    expect(text).toContain('/city_rank');
  });

  it('answers a command posted in a channel, into the channel', async () => {
    const sent = await h.say('/city_rank', { chat: CHANNEL, senderChat: CHANNEL });
    expect(sent.length).toBeGreaterThan(0);
    expect(sent[0]!.chatId).toBe(CHANNEL.id);
  });

  it('answers in the forum topic the command came from', async () => {
    const sent = await h.say('/about', { chat: SUPERGROUP, threadId: 77 });
    expect(sent[0]!.threadId).toBe(77);
  });

  it('hostile and very long content arrives as valid, split HTML', async () => {
    const sent = await h.say('/hostile_probe');
    expect(sent.length).toBeGreaterThan(1);
    for (const m of sent) expect(m.html.length).toBeLessThanOrEqual(4096);
    const text = visibleText(sent);
    expect(text).toContain('<script>alert("x")</script> & </b>');
    expect(text).toContain('&lt; already escaped');
    // The only URL holds `<` and `>`: shown as text, never made a link.
    expect(sent.flatMap((m) => m.links)).toEqual([]);
    expect(text).toContain('https://example.test/?q=<x>&y="1"');
  });
});

describe('telegram e2e: pagination', () => {
  it('pages with inline buttons, editing the message, answering every callback', async () => {
    const [first] = await h.say('/paged_probe a fairly long query that cannot fit into callback data');
    expect(first!.text).toContain('page 1 of 3');
    for (const b of first!.keyboard!.flat()) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    const next = await h.press(first!, 'Next ›');
    expect(next.answered).toBe(true);
    expect(next.sent).toEqual([]);
    expect(first!.edits).toBe(1);
    expect(first!.text).toContain('page 2 of 3');
    expect(first!.text).toContain('Probe <a fairly long query');
    expect(first!.keyboard!.flat().map((b) => b.text)).toEqual(['‹ Prev', 'Page 2/3', 'Next ›']);
    const label = await h.press(first!, 'Page 2/3');
    expect(label.answered).toBe(true);
    expect(first!.edits).toBe(1);
    await h.press(first!, '‹ Prev');
    expect(first!.text).toContain('page 1 of 3');
  });

  it('pages a real command (/cbdc_status China) with the button', async () => {
    const sent = await h.say('/cbdc_status China', { chat: GROUP });
    const last = sent[sent.length - 1]!;
    expect(last.keyboard).toBeDefined();
    const res = await h.press(last, 'Next ›');
    expect(res.answered).toBe(true);
    const after = res.sent.length ? visibleText(res.sent) : last.text;
    expect(after).toContain('Page 2/');
  });

  it('a page button in a plain supergroup reply thread is no forum topic; in a topic it keeps the topic', async () => {
    // The bot's answer replies to the command, so Telegram gives it a message_thread_id (the reply
    // thread) without is_topic_message: that id must not be used as a forum topic.
    const [reply] = await h.say(`/thread_probe@${bot}`, { chat: SUPERGROUP });
    expect(reply!.text).toContain(`page 1 in telegram:${SUPERGROUP.id}`);
    const res = await h.press(reply!, 'Next ›');
    expect(res.answered).toBe(true);
    expect(reply!.text).toContain(`page 2 in telegram:${SUPERGROUP.id}`);
    expect(reply!.text).not.toContain(`telegram:${SUPERGROUP.id}/`);

    const [inTopic] = await h.say(`/thread_probe@${bot}`, { chat: SUPERGROUP, threadId: 77 });
    expect(inTopic!.threadId).toBe(77);
    await h.press(inTopic!, 'Next ›');
    expect(inTopic!.text).toContain(`page 2 in telegram:${SUPERGROUP.id}/77`);
  });

  it('page buttons follow the one rule: only the person who ran the command pages its answer', async () => {
    const [msg] = await h.say(`/paged_probe@${bot} group pages`, { chat: GROUP, from: ALICE });
    const other = await h.press(msg!, 'Next ›', BOB_ADMIN);
    expect(other.answered).toBe(true);
    expect(other.answer).toMatch(/belong to the person who ran \/paged_probe/);
    expect(msg!.edits).toBe(0);
    await h.press(msg!, 'Next ›', ALICE);
    expect(msg!.edits).toBe(1);
    expect(msg!.text).toContain('page 2 of 3');
  });

  it('page buttons stop working an hour after the answer was shown (inline and stored cursors)', async () => {
    const [inline] = await h.say('/paged_probe short');
    const [stored] = await h.say('/paged_probe a fairly long query that cannot fit into callback data at all');
    expect(stored!.keyboard!.flat().some((b) => b.callback_data.startsWith('k|'))).toBe(true);
    expect(inline!.keyboard!.flat().some((b) => b.callback_data.startsWith('q|'))).toBe(true);
    skippedMs += 61 * 60_000;
    try {
      for (const msg of [inline!, stored!]) {
        const res = await h.press(msg, 'Next ›');
        expect(res.answer).toMatch(/expired/);
        expect(msg.edits).toBe(0);
      }
    } finally {
      skippedMs = 0;
    }
  });

  it('a forged or expired button is answered, not obeyed', async () => {
    const [msg] = await h.say('/paged_probe x');
    msg!.keyboard = [[{ text: 'forged', callback_data: 'k|AAAAAAAAAAA|2' }]];
    const res = await h.press(msg!, 'forged');
    expect(res.answered).toBe(true);
    expect(res.answer).toMatch(/expired/);
    expect(msg!.edits).toBe(0);
  });
});

describe('telegram e2e: moderator commands', () => {
  it('are refused to a member and allowed to admins, the creator and anonymous admins', async () => {
    const member = await h.say(`/contract_mod@${bot}`, { chat: SUPERGROUP, from: ALICE });
    expect(member[0]!.text.startsWith(ERROR_MARK)).toBe(true);
    expect(member[0]!.text).toMatch(/moderators only/i);
    for (const from of [BOB_ADMIN, CAROL_OWNER]) {
      const ok = await h.say('/contract_mod', { chat: SUPERGROUP, from });
      expect(ok[0]!.text).toContain('moderator access confirmed');
    }
    const anon = await h.say('/contract_mod', { chat: SUPERGROUP, senderChat: SUPERGROUP });
    expect(anon[0]!.text).toContain('moderator access confirmed');
    const asChannel = await h.say('/contract_mod', { chat: SUPERGROUP, senderChat: CHANNEL });
    expect(asChannel[0]!.text.startsWith(ERROR_MARK)).toBe(true);
  });

  it('are allowed in a private chat, whose user owns it', async () => {
    const sent = await h.say('/contract_mod', { chat: PRIVATE_CHAT, from: ALICE });
    expect(sent[0]!.text).toContain('moderator access confirmed');
  });

  it('asks getChatMember once per user and chat within the cache time', async () => {
    const before = h.fake.callsOf('getChatMember').length;
    await h.say('/contract_mod', { chat: GROUP, from: BOB_ADMIN });
    await h.say('/contract_mod', { chat: GROUP, from: BOB_ADMIN });
    expect(h.fake.callsOf('getChatMember').length - before).toBeLessThanOrEqual(1);
  });
});

describe('telegram e2e: errors and sends', () => {
  it('sits out one short 429 when answering a user', async () => {
    h.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const before = h.fake.callsOf('sendMessage').length;
    const sent = await h.say('/about');
    expect(sent.length).toBe(1);
    expect(h.fake.callsOf('sendMessage').length - before).toBe(2);
  });

  it('push.deliver reports outcomes without retrying: rate-limited, blocked, not-found, transient', async () => {
    h.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } });
    const before = h.fake.callsOf('sendMessage').length;
    const limited = await h.adapter.push.deliver(`telegram:${GROUP.id}`, { title: 'Digest' }, { key: 'k1' });
    expect(limited).toMatchObject({ status: 'retry', rateLimited: true, afterMs: 3000, sentParts: 0 });
    expect(h.fake.callsOf('sendMessage').length - before).toBe(1);

    h.fake.addChat({ id: 5555, type: 'private', blocked: true });
    expect(await h.adapter.push.deliver('telegram:5555', { title: 'Alert' }, { key: 'k2' })).toMatchObject({ status: 'paused', reason: 'blocked' });
    expect(await h.adapter.push.deliver('telegram:-999', { title: 'Alert' }, { key: 'k3' })).toMatchObject({ status: 'paused', reason: 'not-found' });
    h.fake.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    expect(await h.adapter.push.deliver('telegram:5556', { title: 'Alert' }, { key: 'k4' })).toMatchObject({ status: 'retry', rateLimited: false });
  });

  it('reports a group that became a supergroup as moved, and sends later pushes to the new id', async () => {
    h.fake.addChat({ id: -7001, type: 'group', title: 'old', migratedTo: -1007001 });
    h.fake.addChat({ id: -1007001, type: 'supergroup', title: 'new' });
    const out = await h.adapter.push.deliver('telegram:-7001', { title: 'Digest', text: 'hello' }, { key: 'm1' });
    expect(out).toEqual({ status: 'moved', to: 'telegram:-1007001', sentParts: 0 });
    expect(h.fake.sentTo(-1007001)).toHaveLength(0);
    // The sender moves the subscription and delivers there; a late push to the old id follows too.
    expect(await h.adapter.push.deliver(out.status === 'moved' ? out.to : 'telegram:0', { title: 'Digest' }, { key: 'm1' })).toMatchObject({ status: 'sent' });
    const before = h.fake.callsOf('sendMessage').length;
    expect(await h.adapter.push.deliver('telegram:-7001', { title: 'Digest 2' }, { key: 'm2' })).toMatchObject({ status: 'sent' });
    expect(h.fake.callsOf('sendMessage').length - before).toBe(1);
    expect(h.fake.sentTo(-1007001).length).toBe(2);
  });

  it('sent only valid HTML, with link previews off, throughout', () => {
    expect(h.fake.htmlErrors).toEqual([]);
    expect(h.fake.sent.length).toBeGreaterThan(20);
    expect(h.fake.sent.every((m) => m.linkPreviewDisabled)).toBe(true);
  });
});
