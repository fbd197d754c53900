/**
 * /ask on Discord: real discord.js against the fake Discord server, /ask wired to the real openai
 * SDK against the fake OpenAI server. A slow model gets the reply deferred, then the original
 * response is edited with the cited answer; nothing the model writes can ping anyone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatInput } from '../fakes/discord-payloads.js';
import { startHarness, viewAll, type Harness } from '../fakes/discord-harness.js';
import { sentMessages } from '../fakes/discord-view.js';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.js';
import { askBot, closeAskBots } from '../unit/ai/ask-helpers.js';

let model: FakeOpenAi;
let h: Harness;

beforeAll(async () => {
  model = await startFakeOpenAi();
  const bot = await askBot({ baseUrl: model.baseUrl, key: 'sk-discord-test' });
  h = await startHarness({ core: bot.core, tuning: { deferAfterMs: 100 } });
});
afterAll(async () => {
  await h?.close();
  await model?.close();
  await closeAskBots();
});

describe('Discord /ask', () => {
  it('defers while the model works, then edits in the cited answer without pings', async () => {
    model.enqueue({ kind: 'answer', content: 'On 24 September 2021 crypto trading was declared illegal [1]. @everyone https://evil.example/x', delayMs: 600 });
    const { requests } = await h.interact(chatInput(h.fake, 'ask', { question: 'When did China ban crypto trading?' }));
    expect((requests[0]!.body as { type: number }).type).toBe(5);
    const edit = requests.find((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'));
    expect(edit).toBeDefined();
    const view = viewAll(sentMessages([edit!]));
    expect(view.isError).toBe(false);
    expect(view.text).toContain('24 September 2021');
    expect(view.text).toMatch(/\\?\[1\\?\]/);
    expect(view.text).toContain('Sources');
    expect(view.links.some((l) => l.startsWith('https://blockchain.bakermckenzie.com/'))).toBe(true);
    expect(view.links.some((l) => l.includes('evil.example'))).toBe(false);
    expect(view.text).not.toMatch(/@everyone|evil\.example/);
  });
});
