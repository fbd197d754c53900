/** The fake Bot API itself: long polling semantics, HTML checks and injected errors (raw HTTP, no telegraf). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeBotApi } from '../../fakes/telegram-bot-api.js';
import { parseTelegramHtml } from '../../fakes/telegram-html.js';

let fake: FakeBotApi;

async function call(method: string, payload: object = {}, signal?: AbortSignal): Promise<{ status: number; body: { ok: boolean; result?: unknown; error_code?: number; description?: string; parameters?: object } }> {
  const res = await fetch(`${fake.url}/bot${fake.token}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload), ...(signal ? { signal } : {}) });
  return { status: res.status, body: (await res.json()) as never };
}

beforeEach(async () => {
  fake = await FakeBotApi.start();
  fake.addChat({ id: 1, type: 'private' });
});
afterEach(async () => {
  await fake.close();
});

describe('fake Bot API: long polling', () => {
  it('holds getUpdates until an update arrives, and confirms by offset', async () => {
    const pending = call('getUpdates', { offset: 0, timeout: 30 });
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    const id = fake.injectText({ chat: { id: 1, type: 'private' }, from: { id: 1, first_name: 'A' }, text: '/china-blockchain' });
    const { body } = await pending;
    const updates = body.result as Array<{ update_id: number; message: { entities: unknown[] } }>;
    expect(updates.map((u) => u.update_id)).toEqual([id]);
    expect(updates[0]!.message.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    let done = false;
    const confirmed = fake.processed(id).then(() => (done = true));
    expect((await call('getUpdates', { offset: id, timeout: 0 })).body.result).toHaveLength(1); // not yet confirmed
    expect(done).toBe(false);
    expect((await call('getUpdates', { offset: id + 1, timeout: 0 })).body.result).toEqual([]);
    await confirmed;
    expect(fake.emptyPolls).toBe(0);
  });

  it('returns an empty list at the timeout and forgets aborted polls', async () => {
    const { body } = await call('getUpdates', { timeout: 1 });
    expect(body.result).toEqual([]);
    const ac = new AbortController();
    const aborted = call('getUpdates', { timeout: 30 }, ac.signal).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    expect(await aborted).toBeInstanceOf(Error);
    expect(fake.emptyPolls).toBe(0);
  });
});

describe('fake Bot API: checks and errors', () => {
  it('refuses invalid HTML, too-long text and oversize callback data like Telegram', async () => {
    for (const text of ['<script>x</script>', '<b>open', 'a < b', 'AT&T', '<a href="javascript:x">x</a>', '<b><i>x</b></i>']) {
      const r = await call('sendMessage', { chat_id: 1, text, parse_mode: 'HTML' });
      expect(r.status).toBe(400);
      expect(r.body.description).toMatch(/can't parse entities/);
    }
    expect((await call('sendMessage', { chat_id: 1, text: 'x'.repeat(4097), parse_mode: 'HTML' })).body.description).toMatch(/too long/);
    const kb = { inline_keyboard: [[{ text: 'n', callback_data: 'x'.repeat(65) }]] };
    expect((await call('sendMessage', { chat_id: 1, text: 'ok', parse_mode: 'HTML', reply_markup: kb })).body.description).toMatch(/BUTTON_DATA_INVALID/);
    const ok = await call('sendMessage', { chat_id: 1, text: '<b>AT&amp;T</b> &lt;3 <a href="https://x.test/?a=1&amp;b=2">x</a>', parse_mode: 'HTML' });
    expect(ok.body.ok).toBe(true);
    expect(fake.sent[0]!.text).toBe('AT&T <3 x');
    expect(fake.sent[0]!.links).toEqual(['https://x.test/?a=1&b=2']);
    expect(fake.htmlErrors.length).toBe(6);
  });

  it('answers injected 429/403/400 errors and chat state errors', async () => {
    fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 5', parameters: { retry_after: 5 } });
    const limited = await call('sendMessage', { chat_id: 1, text: 'x' });
    expect([limited.status, limited.body.parameters]).toEqual([429, { retry_after: 5 }]);
    expect((await call('sendMessage', { chat_id: 1, text: 'x' })).status).toBe(200);
    expect((await call('sendMessage', { chat_id: 404, text: 'x' })).body.description).toBe('Bad Request: chat not found');
    fake.addChat({ id: -2, type: 'group', migratedTo: -1002 });
    expect((await call('sendMessage', { chat_id: -2, text: 'x' })).body.parameters).toEqual({ migrate_to_chat_id: -1002 });
    fake.addChat({ id: 3, type: 'private', blocked: true });
    expect((await call('sendMessage', { chat_id: 3, text: 'x' })).status).toBe(403);
    expect((await fetch(`${fake.url}/botWRONG/getMe`)).status).toBe(401);
  });

  it('validates command menus and answers getChatMember from the member table', async () => {
    expect((await call('setMyCommands', { commands: [{ command: 'china-blockchain', description: 'x' }] })).body.description).toMatch(/BOT_COMMAND_INVALID/);
    expect((await call('setMyCommands', { commands: [{ command: 'ok', description: 'x' }], scope: { type: 'all_chat_administrators' } })).body.ok).toBe(true);
    expect(fake.menus.get('all_chat_administrators')).toEqual([{ command: 'ok', description: 'x' }]);
    fake.addChat({ id: -5, type: 'supergroup' });
    fake.setMember(-5, 9, 'administrator');
    expect(((await call('getChatMember', { chat_id: -5, user_id: 9 })).body.result as { status: string }).status).toBe('administrator');
    expect(((await call('getChatMember', { chat_id: -5, user_id: 8 })).body.result as { status: string }).status).toBe('member');
    expect(((await call('getChatAdministrators', { chat_id: -5 })).body.result as unknown[]).length).toBe(1);
  });

  it('parses the allowed tags and decodes entities', () => {
    expect(parseTelegramHtml('<b>a</b><i>b</i><code>c</code><pre><code class="language-js">d</code></pre>&#x1F600;&#65;&quot;').text).toBe('abcd😀A"');
  });
});

describe('fake Bot API: flood limits (on by default) and per-chat faults', () => {
  const send = (chat_id: number, text = 'x') => call('sendMessage', { chat_id, text });

  it('allows one message per second per chat, then answers 429 with retry_after', async () => {
    expect((await send(1)).status).toBe(200);
    const limited = await send(1);
    expect([limited.status, limited.body.parameters]).toEqual([429, { retry_after: 1 }]);
    expect(fake.floodRejections).toBe(1);
    await new Promise((r) => setTimeout(r, 1010));
    expect((await send(1)).status).toBe(200);
    expect(fake.sent).toHaveLength(2);
  });

  it('allows 30 messages per second overall', async () => {
    for (let i = 0; i < 31; i++) fake.addChat({ id: 100 + i, type: 'private' });
    const statuses = [];
    for (let i = 0; i < 31; i++) statuses.push((await send(100 + i)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses[30]).toBe(429);
  });

  it('allows 20 messages per minute to a group, counting retry_after in seconds', async () => {
    fake.addChat({ id: -7, type: 'group' });
    fake.limits = { perSecond: 30, perChatPerSecond: 100, perGroupPerMinute: 20 };
    for (let i = 0; i < 20; i++) expect((await send(-7)).status).toBe(200);
    const limited = await send(-7);
    expect(limited.status).toBe(429);
    const after = (limited.body.parameters as { retry_after: number }).retry_after;
    expect(after).toBeGreaterThan(55);
    expect(after).toBeLessThanOrEqual(60);
  });

  it('can be switched off for tests that measure something else', async () => {
    fake.limits = false;
    for (let i = 0; i < 40; i++) expect((await send(1)).status).toBe(200);
    expect(fake.floodRejections).toBe(0);
  });

  it('injects per-chat faults: 500, blocked, kicked, chat not found, migration, 429 and a hang', async () => {
    fake.limits = false;
    fake.addChat({ id: 2, type: 'private' });
    const cases: Array<[Parameters<FakeBotApi['failChat']>[1], number, RegExp]> = [
      ['server-error', 500, /Internal/],
      ['blocked', 403, /blocked by the user/],
      ['kicked', 403, /kicked/],
      ['chat-not-found', 400, /chat not found/],
      ['migrated', 400, /upgraded to a supergroup/],
      ['rate-limited', 429, /retry after 7/],
    ];
    for (const [fault, status, description] of cases) {
      fake.failChat(1, fault, { retryAfter: 7, migrateTo: -1001 });
      expect((await send(2)).status).toBe(200); // other chats are unaffected
      const r = await send(1);
      expect([r.status, r.body.description], fault).toEqual([status, expect.stringMatching(description)]);
      if (fault === 'migrated') expect(r.body.parameters).toEqual({ migrate_to_chat_id: -1001 });
      expect((await send(1)).status).toBe(200); // one time only
    }
    fake.failChat(1, 'hang');
    const hung = await call('sendMessage', { chat_id: 1, text: 'x' }, AbortSignal.timeout(300)).catch((e: unknown) => e);
    expect(hung).toBeInstanceOf(Error);
  });

  it('answers sendChatAction and records it', async () => {
    expect((await call('sendChatAction', { chat_id: 1, action: 'typing' })).body.ok).toBe(true);
    expect(fake.chatActions.map((a) => [a.chatId, a.action])).toEqual([[1, 'typing']]);
  });
});

