import { describe, expect, it } from 'vitest';
import { buildMenus, registerMenus } from '../../../src/adapters/telegram/commands-menu.js';
import { CALLBACK_DATA_LIMIT, NOOP_DATA, PageCodec } from '../../../src/adapters/telegram/pagination.js';
import { memoryPageCursorStore } from '../../../src/adapters/page-cursors.js';
import { ModeratorCheck } from '../../../src/adapters/telegram/permissions.js';
import type { BotApi } from '../../../src/adapters/telegram/api.js';
import { PlatformError } from '../../../src/core/errors.js';
import type { CommandData } from '../../../src/core/command.js';
import type { Logger } from '../../../src/core/logger.js';

const cmd = (name: string, permission: 'everyone' | 'moderator' = 'everyone'): CommandData => ({ name, description: `${name} description`, options: [], permission, examples: [] });

describe('pagination codec', () => {
  const issuedAt = new Date('2026-12-03T10:00:00Z');
  const owner = { userId: '1001', issuedAt };

  it('puts short cursors inline (with owner and issue minute), within 64 bytes, and decodes them', async () => {
    const codec = new PageCodec();
    const data = await codec.encode({ command: 'cbdc-status', args: { country: 'South Korea' } }, 2, owner);
    expect(data).toBe(`q|cbdc_status|2|rt|${Math.floor(issuedAt.getTime() / 60_000).toString(36)}|country=South+Korea`);
    expect(await codec.decode(data)).toEqual({ command: 'cbdc-status', args: { country: 'South Korea' }, page: 2, userId: '1001', issuedAt });
    // Posted on behalf of a chat: no owner, anyone may page.
    const anyone = await codec.encode({ command: 'cbdc-status', args: {} }, 3, { issuedAt });
    expect(await codec.decode(anyone)).toEqual({ command: 'cbdc-status', args: {}, page: 3, issuedAt });
  });

  it('stores long cursors (e.g. Chinese text) and keeps callback_data within 64 bytes', async () => {
    const store = memoryPageCursorStore();
    const codec = new PageCodec(store);
    const kb = await codec.keyboard({ command: 'china-blockchain', args: { topic: '数字人民币 区块链 试点 福建 厦门 深圳 北京' }, page: 2, pageCount: 5 }, owner);
    const row = kb!.inline_keyboard[0]!;
    expect(row.map((b) => b.text)).toEqual(['‹ Prev', 'Page 2/5', 'Next ›']);
    for (const b of row) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(CALLBACK_DATA_LIMIT);
    expect(row[1]!.callback_data).toBe(NOOP_DATA);
    expect(row[0]!.callback_data.split('|')[1]).toBe(row[2]!.callback_data.split('|')[1]); // one stored cursor
    expect(await codec.decode(row[2]!.callback_data)).toEqual({ command: 'china-blockchain', args: { topic: '数字人民币 区块链 试点 福建 厦门 深圳 北京' }, page: 3, userId: '1001', issuedAt });
    // A fresh codec with the same store (a restart) still understands the button.
    expect(await new PageCodec(store).decode(row[0]!.callback_data)).toMatchObject({ page: 1 });
  });

  it('has no keyboard for single pages and rejects junk, oversize and unknown cursors', async () => {
    const codec = new PageCodec();
    expect(await codec.keyboard(undefined, owner)).toBeUndefined();
    expect(await codec.keyboard({ command: 'x', args: {}, page: 1, pageCount: 1 }, owner)).toBeUndefined();
    const junkList = ['', 'nop', 'q|BAD NAME|1|rt|abc|', 'q|city_rank|99999|rt|abc|', 'k|AAAAAAAAAAA|2', `q|city_rank|1|rt|abc|${'a'.repeat(80)}`, 'q|city_rank|1|rt|abc|Bad Key=1', 'q|city_rank|1|RT|abc|', 'p|city_rank|1|'];
    for (const junk of junkList) {
      expect(await codec.decode(junk)).toBeNull();
    }
  });
});

describe('moderator check', () => {
  it('asks getChatMember for group members, caches the answer, and expires it', async () => {
    let now = 0;
    const asked: string[] = [];
    const check = new ModeratorCheck(
      async (chatId, userId) => {
        asked.push(`${chatId}:${userId}`);
        return userId === 2 ? 'administrator' : userId === 3 ? 'creator' : 'member';
      },
      { ttlMs: 1000, now: () => now },
    );
    const group = { id: -5, type: 'supergroup' };
    expect(await check.isModerator({ chat: group, userId: 1 })).toBe(false);
    expect(await check.isModerator({ chat: group, userId: 2 })).toBe(true);
    expect(await check.isModerator({ chat: group, userId: 3 })).toBe(true);
    expect(await check.isModerator({ chat: group, userId: 2 })).toBe(true);
    expect(asked).toEqual(['-5:1', '-5:2', '-5:3']);
    now = 2000;
    await check.isModerator({ chat: group, userId: 2 });
    expect(asked.length).toBe(4);
    check.forgetChat(-5);
    await check.isModerator({ chat: group, userId: 2 });
    expect(asked.length).toBe(5);
  });

  it('treats private chats, anonymous admins and channel posts as moderators without asking', async () => {
    const check = new ModeratorCheck(async () => {
      throw new Error('must not be asked');
    });
    expect(await check.isModerator({ chat: { id: 7, type: 'private' }, userId: 7 })).toBe(true);
    expect(await check.isModerator({ chat: { id: -5, type: 'supergroup' }, senderChatId: -5 })).toBe(true);
    expect(await check.isModerator({ chat: { id: -5, type: 'supergroup' }, senderChatId: -99 })).toBe(false);
    expect(await check.isModerator({ chat: { id: -9, type: 'channel' }, senderChatId: -9 })).toBe(true);
    expect(await check.isModerator({ chat: { id: -5, type: 'group' } })).toBe(false);
  });

  it('counts a failed lookup as "not a moderator" and does not cache it', async () => {
    let fail = true;
    const check = new ModeratorCheck(async () => {
      if (fail) throw new PlatformError('transient', 'down');
      return 'administrator';
    });
    expect(await check.isModerator({ chat: { id: -5, type: 'group' }, userId: 2 })).toBe(false);
    fail = false;
    expect(await check.isModerator({ chat: { id: -5, type: 'group' }, userId: 2 })).toBe(true);
  });
});

describe('command menus', () => {
  it('uses underscore names, public commands by default, everything for admins', () => {
    const menus = buildMenus([cmd('china-blockchain'), cmd('city-rank'), cmd('digest-setup', 'moderator')]);
    expect(menus.default.map((c) => c.command)).toEqual(['china_blockchain', 'city_rank']);
    expect(menus.all_chat_administrators.map((c) => c.command)).toEqual(['china_blockchain', 'city_rank', 'digest_setup']);
  });

  it('logs a failure to set a menu and carries on with the other scope', async () => {
    const scopes: string[] = [];
    const warnings: string[] = [];
    const api = {
      async setMenu(_c: unknown, scope: string) {
        if (scope === 'default') throw new PlatformError('bad-request', 'BOT_COMMAND_INVALID');
        scopes.push(scope);
      },
    } as unknown as BotApi;
    const logger: Logger = { debug() {}, info() {}, error() {}, warn: (_o, msg) => warnings.push(msg ?? '') };
    expect(await registerMenus(api, [cmd('help')], logger)).toEqual({ ok: false });
    expect(scopes).toEqual(['all_chat_administrators']);
    expect(warnings.join()).toMatch(/command menu/);
  });
});
