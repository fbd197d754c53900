/** The bot keeps working when Telegram misbehaves: menus refused, getChatMember failing, polling throttled. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractCore } from '../contract/adapter-contract.js';
import { BOB_ADMIN, GROUP, startTelegramHarness, visibleText, type TelegramHarness } from '../fakes/telegram-harness.js';
import type { Logger } from '../../src/core/logger.js';
import { ERROR_MARK } from '../../src/adapters/telegram/render.js';

const warnings: string[] = [];
const logger: Logger = { debug() {}, info() {}, error: (_o, m) => warnings.push(`error: ${m ?? ''}`), warn: (_o, m) => warnings.push(m ?? '') };
let h: TelegramHarness;

beforeAll(async () => {
  h = await startTelegramHarness({
    core: await createContractCore(),
    logger,
    prepare: (fake) => fake.failNext('setMyCommands', { error_code: 400, description: 'Bad Request: BOT_COMMANDS_TOO_MUCH' }, { times: 2 }),
  });
});

afterAll(async () => {
  await h?.close();
});

describe('telegram resilience', () => {
  it('starts and answers even though setting the menus failed (and logs it)', async () => {
    expect(h.fake.menus.size).toBe(0);
    expect(warnings.filter((w) => /command menu/.test(w)).length).toBe(2);
    expect(visibleText(await h.say('/help'))).toContain('/city_rank');
  });

  it('treats a sender as a member when getChatMember fails, then recovers', async () => {
    h.fake.failNext('getChatMember', { error_code: 400, description: 'Bad Request: user not found' });
    const refused = await h.say('/contract_mod', { chat: GROUP, from: BOB_ADMIN });
    expect(refused[0]!.text.startsWith(ERROR_MARK)).toBe(true);
    const allowed = await h.say('/contract_mod', { chat: GROUP, from: BOB_ADMIN });
    expect(allowed[0]!.text).toContain('moderator access confirmed');
  });

  it('keeps polling after a throttled getUpdates', async () => {
    h.fake.failNext('getUpdates', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    // The poll held open now completes with the first update; the next poll is the throttled one.
    expect(visibleText(await h.say('/about'))).toMatch(/\d+\.\d+\.\d+/);
    expect(visibleText(await h.say('/about'))).toMatch(/\d+\.\d+\.\d+/);
    expect(h.fake.htmlErrors).toEqual([]);
  });
});
