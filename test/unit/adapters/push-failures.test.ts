/** Each platform error → the push outcome the outbox sender acts on (the contract covers the common ones end to end). */
import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { discordFailure } from '../../../src/adapters/discord/push.js';
import { telegramFailure } from '../../../src/adapters/telegram/sender.js';

const req = { body: undefined, files: undefined };
const discord = (status: number, code: number, message = 'x') => new DiscordAPIError({ code, message }, code, status, 'POST', 'https://discord.com/api/v10/channels/1/messages', req);
const telegram = (error_code: number, description: string, parameters?: object) => ({ response: { error_code, description, ...(parameters ? { parameters } : {}) } });

describe('Discord push failures', () => {
  it.each([
    [discord(403, 50013), { status: 'paused', reason: 'missing-permissions' }],
    [discord(403, 50001), { status: 'paused', reason: 'missing-permissions' }],
    [discord(404, 10003), { status: 'paused', reason: 'not-found' }],
    [discord(403, 50007), { status: 'paused', reason: 'forbidden' }],
    [discord(500, 0), { status: 'retry', rateLimited: false }],
    [discord(400, 50035), { status: 'dead' }],
    [new Error('socket hang up'), { status: 'retry', rateLimited: false }],
  ])('%s → %o', (err, expected) => {
    expect(discordFailure(err)).toMatchObject(expected);
  });
});

describe('Telegram push failures', () => {
  it.each([
    [telegram(429, 'Too Many Requests: retry after 7', { retry_after: 7 }), { status: 'retry', rateLimited: true, afterMs: 7000 }],
    [telegram(403, 'Forbidden: bot was blocked by the user'), { status: 'paused', reason: 'blocked' }],
    [telegram(403, 'Forbidden: bot was kicked from the supergroup chat'), { status: 'paused', reason: 'kicked' }],
    [telegram(403, 'Forbidden: bot is not a member of the channel chat'), { status: 'paused', reason: 'kicked' }],
    [telegram(403, 'Forbidden: user is deactivated'), { status: 'paused', reason: 'kicked' }],
    [telegram(403, "Forbidden: bot can't initiate conversation with a user"), { status: 'paused', reason: 'forbidden' }],
    [telegram(400, 'Bad Request: chat not found'), { status: 'paused', reason: 'not-found' }],
    [telegram(400, 'Bad Request: not enough rights to send text messages to the chat'), { status: 'paused', reason: 'missing-permissions' }],
    [telegram(400, 'Bad Request: TOPIC_CLOSED'), { status: 'paused', reason: 'missing-permissions' }],
    [telegram(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1001234 }), { status: 'moved', to: 'telegram:-1001234' }],
    [telegram(401, 'Unauthorized'), { status: 'retry', rateLimited: false }],
    [telegram(502, 'Bad Gateway'), { status: 'retry', rateLimited: false }],
    [telegram(400, 'Bad Request: message text is empty'), { status: 'dead' }],
    [Object.assign(new Error('request to https://api.telegram.org failed'), { name: 'FetchError', code: 'ECONNRESET' }), { status: 'retry', rateLimited: false }],
  ])('%o → %o', (err, expected) => {
    expect(telegramFailure(err)).toMatchObject(expected);
  });
});
