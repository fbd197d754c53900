/**
 * A slow model does not delay another user's /help on Telegram: the real telegraf adapter against
 * the fake Bot API, /ask wired to the real openai SDK against the fake OpenAI server, whose answer
 * is held back. /help in another chat is answered while /ask is still waiting for the model, and
 * the /ask answer arrives afterwards, with "typing…" shown meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB_ADMIN, GROUP, PRIVATE_CHAT, startTelegramHarness, visibleText, type TelegramHarness } from '../fakes/telegram-harness.js';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.js';
import { askBot, closeAskBots } from '../unit/ai/ask-helpers.js';

let model: FakeOpenAi;
let h: TelegramHarness;

beforeAll(async () => {
  model = await startFakeOpenAi();
  const bot = await askBot({ baseUrl: model.baseUrl, key: 'sk-telegram-test' });
  h = await startTelegramHarness({ core: bot.core });
});
afterAll(async () => {
  await h?.close();
  await model?.close();
  await closeAskBots();
});

describe('Telegram /ask with a slow model', () => {
  it('a slow model does not delay another user’s /help on Telegram', async () => {
    // The model holds its answer until /help has been answered: the check is about order, not time.
    let release!: () => void;
    model.enqueue({ kind: 'answer', content: 'On 24 September 2021 all crypto trading was declared illegal [1].', gate: new Promise<void>((r) => (release = r)) });
    const askId = h.fake.injectText({ chat: PRIVATE_CHAT, from: ALICE, text: '/ask When did China ban crypto trading?' });
    // /help is sent once the /ask request is in flight at the model.
    while (model.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
    const help = await h.say('/help', { chat: GROUP, from: BOB_ADMIN });
    const askAnsweredBeforeHelp = h.fake.sentTo(PRIVATE_CHAT.id).length > 0;
    // Keep the model slow a little longer so the "typing…" action (after 1 s) shows, then release it.
    await new Promise((r) => setTimeout(r, 1500));
    release();
    expect(askAnsweredBeforeHelp).toBe(false);
    expect(visibleText(help)).toContain('/ask');
    await h.handled(askId);
    const sent = h.fake.sentTo(PRIVATE_CHAT.id);
    const answer = visibleText(sent);
    expect(answer).toContain('Answer');
    expect(answer).toContain('[1]');
    expect(answer).toContain('Sources');
    expect(sent.map((m) => m.html).join('')).toMatch(/href="https?:\/\//);
    expect(h.fake.chatActions.some((a) => a.chatId === PRIVATE_CHAT.id && a.action === 'typing')).toBe(true);
  }, 30_000);
});
