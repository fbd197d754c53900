/**
 * End to end: the real discord.js Client logs into the fake Discord (REST + gateway), registers
 * the commands and answers interactions; every outgoing message is checked against Discord's limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandsBody } from '../../src/adapters/discord/register.js';
import { decodePageId, STORED_PREFIX } from '../../src/adapters/discord/pagination.js';
import { renderReply } from '../../src/adapters/discord/render.js';
import type { Logger } from '../../src/core/logger.js';
import { autocomplete, buttonPress, chatInput, DEFAULT_USER_ID } from '../fakes/discord-payloads.js';
import { memoryStore, startHarness, viewAll, type Harness } from '../fakes/discord-harness.js';
import { limitProblems, sentMessages, type MessageBody } from '../fakes/discord-view.js';
import { testCore } from './discord-fixtures.js';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deployCommands } from '../../src/adapters/discord/deploy.js';
import { openSqliteFile } from '../helpers/databases.js';
import { sqlKeyvStore } from '../../src/storage/keyv-factory.js';
import { silentLogger } from '../../src/core/logger.js';
import { FakeDiscord } from '../fakes/discord-server.js';
import { TEST_TOKEN } from '../fakes/discord-harness.js';

/** Logger that records entries so tests can check what was (and was not) logged. */
function recordingLogger(): Logger & { entries: Array<{ level: string; obj: object; msg?: string }> } {
  const entries: Array<{ level: string; obj: object; msg?: string }> = [];
  const at = (level: string) => (obj: object, msg?: string) => void entries.push({ level, obj, ...(msg ? { msg } : {}) });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Presses a button on a message and waits until the bot has handled it. */
async function pressOn(harness: Harness, body: unknown, customId: string): Promise<void> {
  await harness.interact(buttonPress(harness.fake, body, customId));
}

function buttonsOf(m: MessageBody) {
  return (m.components ?? []).flatMap((r) => r.components);
}

describe('Discord adapter end to end (fake Discord server)', () => {
  let h: Harness;
  const logger = recordingLogger();
  const core = testCore(logger);
  const store = memoryStore();

  beforeAll(async () => {
    h = await startHarness({ core, logger, store, tuning: { deferAfterMs: 100 } });
  });
  afterAll(async () => {
    // Every message the bot sent during the whole suite respected the limits and mention rules.
    const all = sentMessages(h.fake.requests);
    expect(all.length).toBeGreaterThan(0);
    for (const m of all) expect(limitProblems(m)).toEqual([]);
    await h.close();
  });

  it('logs in with only the Guilds intent and registers commands equal to the definitions', async () => {
    expect(h.fake.identifies).toEqual([{ token: '[ok]', intents: 1 }]);
    const puts = h.fake.requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]!.path).toBe(`/applications/${h.fake.applicationId}/commands`);
    expect(puts[0]!.body).toEqual(JSON.parse(JSON.stringify(commandsBody(core.commands))));
    const mod = (puts[0]!.body as Array<{ name: string; default_member_permissions: string | null; contexts: number[] }>).find((c) => c.name === 'mod-only');
    expect(mod?.default_member_permissions).toBe('32');
    expect(mod?.contexts).toEqual([0]);
    expect(h.adapter.applicationId).toBe(h.fake.applicationId);
  });

  it('answers a slash command with an embed carrying sources and the as-of date', async () => {
    const { requests, messages } = await h.interact(chatInput(h.fake, 'echo', { text: 'hello', times: 2, style: 'loud' }));
    expect(requests[0]!.path).toMatch(/\/callback$/);
    expect((requests[0]!.body as { type: number }).type).toBe(4);
    const view = viewAll(messages);
    expect(view.isError).toBe(false);
    expect(view.text).toContain('HELLO HELLO');
    expect(view.text).toContain('As of 2025-01-31');
    expect(view.links).toContain('https://example.org/echo');
    expect(messages[0]!.allowed_mentions).toEqual({ parse: [] });
  });

  it('works in a DM', async () => {
    const { messages } = await h.interact(chatInput(h.fake, 'echo', { text: 'private' }, { dm: true }));
    expect(viewAll(messages).text).toContain('private');
  });

  it('shows argument errors as an ephemeral error message', async () => {
    const { requests, messages } = await h.interact(chatInput(h.fake, 'echo', { text: 'x', times: 9 }));
    const body = requests[0]!.body as { data: { flags?: number } };
    expect(body.data.flags! & 64).toBe(64);
    const view = viewAll(messages);
    expect(view.isError).toBe(true);
    expect(view.text).toMatch(/between 1 and 3/);
  });

  it('answers autocomplete with at most 25 choices from the source', async () => {
    const { requests } = await h.interact(autocomplete(h.fake, 'echo', 'text', 'ap'));
    const body = requests[0]!.body as { type: number; data: { choices: Array<{ name: string; value: string }> } };
    expect(body.type).toBe(8);
    expect(body.data.choices.map((c) => c.name)).toEqual(['Apple', 'Apricot']);
    const many = await h.interact(autocomplete(h.fake, 'echo', 'text', 'many'));
    expect((many.requests[0]!.body as { data: { choices: unknown[] } }).data.choices).toHaveLength(25);
  });

  it('refuses a moderator command to a member and allows it to Manage Server and Administrator', async () => {
    const member = viewAll((await h.interact(chatInput(h.fake, 'mod-only', {}))).messages);
    expect(member.isError).toBe(true);
    expect(member.text).toMatch(/moderators only/i);
    const mod = viewAll((await h.interact(chatInput(h.fake, 'mod-only', {}, { moderator: true }))).messages);
    expect(mod.isError).toBe(false);
    expect(mod.text).toContain('moderator access confirmed');
    const admin = viewAll((await h.interact(chatInput(h.fake, 'mod-only', {}, { admin: true }))).messages);
    expect(admin.text).toContain('moderator access confirmed');
    const dm = viewAll((await h.interact(chatInput(h.fake, 'mod-only', {}, { dm: true, moderator: true }))).messages);
    expect(dm.isError).toBe(true);
  });

  it('defers a slow command, then edits the original response', async () => {
    const { requests } = await h.interact(chatInput(h.fake, 'slow', {}));
    expect((requests[0]!.body as { type: number }).type).toBe(5);
    const edit = requests.find((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'));
    expect(edit).toBeDefined();
    expect(viewAll(sentMessages([edit!])).text).toContain('finally done');
  });

  it('turns an unexpected failure into an ephemeral apology and logs it with context', async () => {
    const payload = chatInput(h.fake, 'boom', {});
    const { messages, requests } = await h.interact(payload);
    const view = viewAll(messages);
    expect(view.isError).toBe(true);
    expect(view.text).not.toContain('kaboom');
    expect(((requests[0]!.body as { data: { flags: number } }).data.flags & 64)).toBe(64);
    expect(logger.entries.some((e) => e.level === 'error' && (e.obj as { command?: string }).command === 'boom')).toBe(true);
  });

  it('logs a failed reply with context (no token, no body) and tries to apologise', async () => {
    h.fake.inject({ method: 'POST', path: /\/callback$/, status: 400, body: { message: 'Invalid Form Body', code: 50035 }, times: 2 });
    const payload = chatInput(h.fake, 'echo', { text: 'will fail' });
    await h.interact(payload);
    const entry = logger.entries.find((e) => e.msg === 'discord interaction failed' && (e.obj as { interactionId?: string }).interactionId === payload.id);
    expect(entry?.obj).toMatchObject({ command: 'echo', userId: DEFAULT_USER_ID, err: { kind: 'bad-request', code: 50035 } });
    expect(JSON.stringify(entry)).not.toContain(payload.token);
    expect(JSON.stringify(entry)).not.toContain('will fail');
  });

  it('pages with buttons; presses by others or on expired pages get an ephemeral note', async () => {
    const first = await h.interact(chatInput(h.fake, 'pages', { topic: 'fujian coast' }));
    const msg = first.messages[0]!;
    expect(viewAll([msg]).text).toContain('page 1 content');
    const [prev, indicator, next] = buttonsOf(msg);
    expect(prev?.custom_id && decodePageId(prev.custom_id)?.page).toBe(1);
    expect(indicator?.label).toBe('Page 1/3');
    expect(decodePageId(next!.custom_id!)).toMatchObject({ command: 'pages', page: 2, args: { topic: 'fujian coast' }, userId: DEFAULT_USER_ID });

    const pressed = await h.interact(buttonPress(h.fake, msg, next!.custom_id!));
    const update = pressed.requests[0]!.body as { type: number; data: MessageBody };
    expect(update.type).toBe(7);
    expect(viewAll([update.data]).text).toContain('page 2 content');
    expect(buttonsOf(update.data)[1]!.label).toBe('Page 2/3');

    const other = await h.interact(buttonPress(h.fake, msg, next!.custom_id!, { userId: '200000000000000999' }));
    const otherBody = other.requests[0]!.body as { type: number; data: MessageBody & { flags: number } };
    expect(otherBody.type).toBe(4);
    expect(otherBody.data.flags & 64).toBe(64);
    expect(viewAll([otherBody.data]).text).toMatch(/belong to the person who ran \/pages/);

    const stale = next!.custom_id!.split('|');
    stale[4] = '1'; // issued in 1970
    const expired = await h.interact(buttonPress(h.fake, msg, stale.join('|')));
    expect(viewAll(expired.messages).text).toMatch(/expired/);

    const garbage = await h.interact(buttonPress(h.fake, msg, 'something-else'));
    expect(viewAll(garbage.messages).text).toMatch(/no longer work/);
  });

  it('binds page buttons to a stored cursor when the arguments do not fit in a custom_id', async () => {
    const topic = '数字人民币 深圳 试点城市 e-CNY pilot cities';
    const first = await h.interact(chatInput(h.fake, 'pages', { topic }));
    const msg = first.messages[0]!;
    const [prev, indicator, next] = buttonsOf(msg);
    expect(indicator?.label).toBe('Page 1/3');
    for (const b of [prev, indicator, next]) {
      expect(b!.custom_id!.startsWith(`${STORED_PREFIX}|`)).toBe(true);
      expect(b!.custom_id!.length).toBeLessThanOrEqual(100);
    }

    const pressed = await h.interact(buttonPress(h.fake, msg, next!.custom_id!));
    const update = pressed.requests[0]!.body as { type: number; data: MessageBody };
    expect(update.type).toBe(7);
    expect(viewAll([update.data]).text).toContain('page 2 content');
    expect(viewAll([update.data]).text).toContain(`Pages about ${topic}`);
    const page2 = buttonsOf(update.data);
    expect(page2[1]!.label).toBe('Page 2/3');
    const toPage3 = await h.interact(buttonPress(h.fake, update.data, page2[2]!.custom_id!));
    expect(viewAll(toPage3.messages).text).toContain('page 3 content');

    const other = await h.interact(buttonPress(h.fake, msg, next!.custom_id!, { userId: '200000000000000999' }));
    const otherBody = other.requests[0]!.body as { type: number; data: MessageBody & { flags: number } };
    expect(otherBody.type).toBe(4);
    expect(otherBody.data.flags & 64).toBe(64);
    expect(viewAll([otherBody.data]).text).toMatch(/belong to the person who ran \/pages/);

    const forgotten = next!.custom_id!.replace(/\|[A-Za-z0-9_-]{11}\|/, '|AAAAAAAAAAA|');
    const gone = await h.interact(buttonPress(h.fake, msg, forgotten));
    const goneBody = gone.requests[0]!.body as { type: number; data: MessageBody & { flags: number } };
    expect(goneBody.data.flags & 64).toBe(64);
    expect(viewAll(gone.messages).text).toMatch(/expired/);
  });

  it('splits a very long hostile answer across messages within every limit, dropping nothing', async () => {
    const { messages, requests } = await h.interact(chatInput(h.fake, 'hostile', {}));
    expect(messages.length).toBeGreaterThan(1);
    expect(requests.filter((r) => r.method === 'POST' && /^\/webhooks\//.test(r.path)).length).toBe(messages.length - 1);
    for (const m of messages) expect(limitProblems(m)).toEqual([]);
    const view = viewAll(messages);
    for (let s = 0; s < 6; s++) for (let i = 0; i < 30; i++) expect(view.text).toContain(`Item ${s}-${i} `);
    for (let i = 0; i < 30; i++) expect(view.text).toContain(`Field ${i}`);
    expect(view.text).toContain('end of hostile answer');
    expect(view.links.every((l) => l.startsWith('https://example.org/'))).toBe(true);
    const raw = JSON.stringify(messages);
    expect(raw).not.toMatch(/@everyone|@here/);
    expect(raw).not.toMatch(/(?<!\\\\)<@/);
  });

  it('pushes carry a nonce with enforce_nonce, so a resend after a crash does not post twice', async () => {
    const before = h.fake.requests.length;
    const to = `discord:${h.fake.channelId}` as const;
    const reply = { title: 'Digest', text: 'news @everyone', asOf: '2025-05-01' };
    const first = await h.adapter.push.deliver(to, reply, { key: 'digest:42:2025-05-01T09:00Z' });
    expect(first.status).toBe('sent');
    const posts = h.fake.requests.slice(before).filter((r) => r.path === `/channels/${h.fake.channelId}/messages`);
    expect(posts).toHaveLength(1);
    const body = posts[0]!.body as { nonce: string; enforce_nonce: boolean; allowed_mentions: { parse: string[] } };
    expect(body.enforce_nonce).toBe(true);
    expect(body.nonce.length).toBeGreaterThan(0);
    expect(body.nonce.length).toBeLessThanOrEqual(25);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    const visible = h.fake.visibleMessages().length;
    // The process died before recording `sent`: the sender delivers the same key again.
    const again = await h.adapter.push.deliver(to, reply, { key: 'digest:42:2025-05-01T09:00Z' });
    expect(again).toEqual(first);
    expect(h.fake.visibleMessages().length).toBe(visible);
    expect(h.fake.nonceReplays).toBe(1);
    // Another key is another message.
    const other = await h.adapter.push.deliver(to, reply, { key: 'digest:42:2025-05-02T09:00Z' });
    expect(other.status === 'sent' && first.status === 'sent' && other.messageIds[0] !== first.messageIds[0]).toBe(true);
    expect(h.fake.visibleMessages().length).toBe(visible + 1);
  });

  it('hands a 429 back with retry_after instead of waiting, and never retries by itself', async () => {
    const before = h.fake.requests.length;
    h.fake.inject({
      method: 'POST',
      path: /^\/channels\/\d+\/messages$/,
      status: 429,
      // Discord rounds the header up; the body's float is the precise wait.
      body: { message: 'You are being rate limited.', retry_after: 119.25, global: false },
      headers: { 'retry-after': '120' },
    });
    const limited = await h.adapter.push.deliver(`discord:${h.fake.channelId}`, { text: 'x' }, { key: 'alert:1:1' });
    expect(limited).toMatchObject({ status: 'retry', rateLimited: true, sentParts: 0, afterMs: 119_250 });
    // The channel is now backed off for 120 s (in the pacer and discord.js' bucket): use another one.
    const other = '1300000000000000555';
    h.fake.channels.add(other);
    h.fake.failChannel(other, 'server-error');
    expect(await h.adapter.push.deliver(`discord:${other}`, { text: 'x' }, { key: 'alert:1:2' })).toMatchObject({ status: 'retry', rateLimited: false });
    const posts = h.fake.requests.slice(before).filter((r) => /^\/channels\/\d+\/messages$/.test(r.path));
    // One request each: the push REST client has no retries of its own (the outbox sender decides).
    expect(posts.map((p) => p.status)).toEqual([429, 500]);
  });

  it('delivers into a thread and refuses what is not a Discord channel', async () => {
    const thread = '1300000000000000777';
    h.fake.channels.add(thread);
    expect(await h.adapter.push.deliver(`discord:1300000000000000556/${thread}`, { text: 'in thread' }, { key: 't:1' })).toMatchObject({ status: 'sent' });
    expect(h.fake.visibleMessages(thread)).toHaveLength(1);
    expect(await h.adapter.push.deliver('telegram:-100', { text: 'x' }, { key: 't:2' })).toMatchObject({ status: 'dead' });
  });

  it('never logs the token', () => {
    expect(JSON.stringify(logger.entries)).not.toContain('fake.discord.token');
  });
});

describe('Discord page buttons on their own client (a controlled clock; many requests without sharing rate limits)', () => {
  let b: Harness;
  const core = testCore();
  let now = Date.parse('2025-07-01T12:00:00Z');

  beforeAll(async () => {
    b = await startHarness({ core, clock: { now: () => new Date(now) } });
  });
  afterAll(async () => {
    for (const m of sentMessages(b.fake.requests)) expect(limitProblems(m)).toEqual([]);
    await b.close();
  });

  it('refuses a stored-cursor press after the page buttons expired, with an ephemeral note', async () => {
    const first = await b.interact(chatInput(b.fake, 'pages', { topic: '数字人民币 深圳 试点城市 e-CNY pilot cities' }));
    const msg = first.messages[0]!;
    const next = buttonsOf(msg)[2]!;
    expect(next.custom_id!.startsWith(`${STORED_PREFIX}|`)).toBe(true);
    now += 2 * 3600_000;
    const late = await b.interact(buttonPress(b.fake, msg, next.custom_id!));
    const body = late.requests[0]!.body as { type: number; data: MessageBody & { flags: number } };
    expect(body.type).toBe(4);
    expect(body.data.flags & 64).toBe(64);
    expect(viewAll(late.messages).text).toMatch(/expired.*\/pages/);
  });

  it('replaces the extra messages of a multi-message page on every press instead of piling them up', async () => {
    const expectedParts = async (page: number): Promise<number> => {
      const reply = await core.dispatch({ command: 'bigpages', args: {}, actor: { platform: 'discord', userId: DEFAULT_USER_ID, isModerator: false }, conversation: 'discord:1', page });
      return renderReply(reply).length;
    };
    const before = b.fake.visibleMessages().length;
    const answer = () => b.fake.visibleMessages().slice(before);
    const first = await b.interact(chatInput(b.fake, 'bigpages', {}));
    expect(first.messages.length).toBeGreaterThan(1);
    expect(answer()).toHaveLength(await expectedParts(1));

    let page = 1;
    for (const label of ['Next ▶', 'Next ▶', '◀ Previous', '◀ Previous', 'Next ▶', 'Next ▶', 'Next ▶']) {
      const top = answer()[0]!;
      const button = buttonsOf(top.body as MessageBody).find((b) => b.label === label)!;
      await b.interact(buttonPress(b.fake, top.body, button.custom_id!));
      page = label === 'Next ▶' ? Math.min(3, page + 1) : Math.max(1, page - 1);
      const shown = answer();
      expect(shown).toHaveLength(await expectedParts(page));
      const text = viewAll(shown.map((m) => m.body as MessageBody)).text;
      expect(text).toContain(`Big page ${page}`);
      for (let other = 1; other <= 3; other++) if (other !== page) expect(text).not.toContain(`Page ${other} item`);
      // The last group of the page is there: nothing was dropped or left behind.
      expect(text).toContain(`Page ${page} item ${page === 2 ? 1 : 2}-9 `);
      expect(buttonsOf(shown[0]!.body as MessageBody)[1]!.label).toBe(`Page ${page}/3`);
    }

    // A part that can no longer be edited is removed and posted afresh: still no pile-up.
    b.fake.inject({ method: 'PATCH', path: /^\/webhooks\/\d+\/[^/]+\/messages\/\d+$/, status: 404, body: { message: 'Unknown Message', code: 10008 } });
    const top = answer()[0]!;
    const prev = buttonsOf(top.body as MessageBody).find((x) => x.label === '◀ Previous')!;
    await pressOn(b, top.body, prev.custom_id!);
    expect(answer()).toHaveLength(await expectedParts(2));
    expect(viewAll(answer().map((m) => m.body as MessageBody)).text).toContain('Page 2 item 1-9 ');
  });
});

describe('Discord command registration across restarts', () => {
  it('registers once, skips unchanged definitions on restart, registers to the guild when set', async () => {
    const store = memoryStore();
    const first = await startHarness({ core: testCore(), store });
    const fake = first.fake;
    try {
      await first.adapter.stop();
      const second = await startHarness({ core: testCore(), store, fake });
      await second.adapter.stop();
      expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
      const guild = await startHarness({ core: testCore(), store, fake, guildId: fake.guildId });
      await guild.adapter.stop();
      const puts = fake.requests.filter((r) => r.method === 'PUT');
      expect(puts).toHaveLength(2);
      expect(puts[1]!.path).toBe(`/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`);
    } finally {
      await fake.close();
    }
  });
});

describe('npm run commands:deploy (deployCommands)', () => {
  it('registers to the guild, finds the application id itself, and the bot then skips registration (SQLite store)', async () => {
    const fake = await FakeDiscord.start({ token: TEST_TOKEN });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chainbrief-deploy-'));
    const database = await openSqliteFile(path.join(dir, 'store.sqlite'));
    const store = sqlKeyvStore(database);
    try {
      const core = testCore();
      const config = { DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_GUILD_ID: fake.guildId };
      const r = await deployCommands({ config, commands: core.commands, store, logger: silentLogger });
      expect(r).toEqual({ applicationId: fake.applicationId, guildId: fake.guildId, count: core.commands.length });
      expect(fake.registered.get(fake.guildId)).toEqual(JSON.parse(JSON.stringify(commandsBody(core.commands))));
      const bot = await startHarness({ core, store, fake, guildId: fake.guildId });
      await bot.adapter.stop();
      expect(fake.requests.filter((q) => q.method === 'PUT')).toHaveLength(1);
      await expect(deployCommands({ config: { ...config, DISCORD_TOKEN: 'wrong' }, commands: core.commands, store, logger: silentLogger })).rejects.toThrow();
    } finally {
      await store.close();
      await database.close();
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
