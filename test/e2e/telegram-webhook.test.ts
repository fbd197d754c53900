/**
 * Webhook mode: with TELEGRAM_WEBHOOK_URL set the adapter registers the webhook with its secret,
 * answers updates Telegram POSTs to it, and refuses requests without the right secret header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractCore } from '../contract/adapter-contract.js';
import { GROUP, startTelegramHarness, visibleText, type TelegramHarness } from '../fakes/telegram-harness.js';

let h: TelegramHarness;

beforeAll(async () => {
  h = await startTelegramHarness({ core: await createContractCore(), webhook: true });
});

afterAll(async () => {
  await h?.close();
});

describe('telegram webhook mode', () => {
  it('registers the webhook with a secret token and does not poll', () => {
    const set = h.fake.callsOf('setWebhook');
    expect(set.length).toBe(1);
    expect(set[0]!.payload.secret_token).toBe('test-secret_123');
    expect(set[0]!.payload.url).toBe('http://127.0.0.1:0/telegram/hook');
    expect(h.fake.callsOf('getUpdates')).toEqual([]);
    expect(h.adapter.mode).toBe('webhook');
  });

  it('answers commands delivered by webhook', async () => {
    const sent = await h.say(`/city_rank@${h.adapter.botUsername}`, { chat: GROUP });
    expect(visibleText(sent)).toContain('Beijing');
  });

  it('refuses requests with a missing or wrong secret, and other paths', async () => {
    const url = `http://127.0.0.1:${h.adapter.webhookPort}/telegram/hook`;
    const body = JSON.stringify({ update_id: 1, message: { message_id: 1, date: 0, chat: { id: GROUP.id, type: 'group' }, from: { id: 1, is_bot: false, first_name: 'x' }, text: '/help' } });
    const before = h.fake.sent.length;
    const none = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const wrong = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'nope' }, body });
    const path = await fetch(`http://127.0.0.1:${h.adapter.webhookPort}/other`, { method: 'POST', body });
    const bad = await fetch(url, { method: 'POST', headers: { 'x-telegram-bot-api-secret-token': 'test-secret_123' }, body: '{not json' });
    expect([none.status, wrong.status, path.status, bad.status]).toEqual([401, 401, 404, 400]);
    expect(h.fake.sent.length).toBe(before);
  });
});
