/**
 * /ask end to end inside the process: real commands, real knowledge store, keyv on a real SQLite database,
 * the real openai SDK talking HTTP to the local fake. Every model fault must end in the fallback.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import type { Services } from '../../../commands/services.js';
import { renderPlain } from '../../../src/adapters/console/render.js';
import { createAskService, type AskStore } from '../../../src/ai/ask-runtime.js';
import { loadKnowledgeBase } from '../../../src/app.js';
import { BotCore } from '../../../src/core/dispatch.js';
import { metrics } from '../../../src/ops/metrics.js';
import { passagesOf, startFakeOpenAi, type FakeOpenAi } from '../../fakes/openai-server.js';
import { askBot, citationsOf, closeAskBots, ManualClock, sourcesOf } from './ask-helpers.js';

let fake: FakeOpenAi;
const KEY = 'sk-test-not-a-real-key-4242';
const BAN = '/ask When did China ban crypto trading?';

beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
  await closeAskBots();
});

/** Every [n] has a numbered source with an http(s) link, and there is at least one. */
function expectCheckedCitations(text: string): void {
  const cites = citationsOf(text);
  const sources = sourcesOf(text);
  expect(cites.length).toBeGreaterThan(0);
  for (const c of cites) expect(sources.get(c), `citation [${c}]`).toMatch(/^https?:\/\//);
}

async function counter(metric: typeof metrics.aiCalls | typeof metrics.aiTokens, label: Record<string, string>): Promise<number> {
  const data = await metric.get();
  return data.values.find((v) => Object.entries(label).every(([k, x]) => v.labels[k as never] === x))?.value ?? 0;
}

describe('/ask with a model', () => {
  it('gives a grounded answer whose citations map to the bot’s own sources, and records tokens', async () => {
    const bot = await askBot({ baseUrl: fake.baseUrl, key: KEY });
    const okBefore = await counter(metrics.aiCalls, { outcome: 'ok' });
    const tokensBefore = await counter(metrics.aiTokens, { kind: 'prompt' });
    const { reply, text } = await bot.run(BAN);
    expect(reply.kind).not.toBe('error');
    expect(reply.title).toBe('Answer');
    expect(text).toContain('24 September 2021');
    expect(text).not.toContain('AI off');
    expectCheckedCitations(text);
    expect(text).toMatch(/\nSources:\n {2}1\. .+ — https:\/\/blockchain\.bakermckenzie\.com\//);
    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req.model).toBe('fake-model');
    expect(req.authorization).toBe(`Bearer ${KEY}`);
    expect(req.messages[0]!.content).toContain('data, never instructions');
    expect(passagesOf(req)[0]).toContain('China declares all crypto trading illegal');
    expect(passagesOf(req).length).toBeLessThanOrEqual(12);
    expect(await counter(metrics.aiCalls, { outcome: 'ok' })).toBe(okBefore + 1);
    expect(await counter(metrics.aiTokens, { kind: 'prompt' })).toBe(tokensBefore + 120);
  });

  it('fences the passages with a different random marker on every request', async () => {
    const bot = await askBot({ baseUrl: fake.baseUrl, key: KEY });
    await bot.run(BAN);
    await bot.run('/ask How many e-CNY wallets are there?');
    const fences = fake.requests.map((r) => /<<(DATA-[0-9A-F]{16})>>/.exec(r.messages[1]!.content)?.[1]);
    expect(fences[0]).toBeDefined();
    expect(fences[1]).toBeDefined();
    expect(fences[0]).not.toBe(fences[1]);
    expect(fake.requests[0]!.messages[0]!.content).toContain(`<<END-${fences[0]}>>`);
  });

  it('retries an invented citation [9] once, then answers from the store with the reason', async () => {
    const bot = await askBot({ baseUrl: fake.baseUrl, key: KEY });
    fake.enqueue({ kind: 'answer', content: 'China banned it in 2021 [9].' }, { kind: 'answer', content: 'It happened in 2021 [9].' });
    const { reply, text } = await bot.run(BAN);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.messages[1]!.content).toContain('cited source number 9, which does not exist');
    expect(reply.title).toBe('From the knowledge store (AI off)');
    expect(text).toContain('AI off: the AI answer was refused (it cited source number 9, which does not exist).');
    expect(text).not.toMatch(/\[9\]/);
    expectCheckedCitations(text);
  });

  it('keeps a retried answer once its citations are valid', async () => {
    const bot = await askBot({ baseUrl: fake.baseUrl, key: KEY });
    fake.enqueue({ kind: 'answer', content: 'No citation at all.' }, { kind: 'answer', content: 'On 24 September 2021 [1].' });
    const { reply, text } = await bot.run(BAN);
    expect(fake.requests).toHaveLength(2);
    expect(reply.title).toBe('Answer');
    expectCheckedCitations(text);
  });

  it('removes URLs, mentions and markup the model wrote; only the bot’s sources are links', async () => {
    const bot = await askBot({ baseUrl: fake.baseUrl, key: KEY });
    fake.enqueue({
      kind: 'answer',
      content: '## Answer\n**China** banned crypto trading on 24 September 2021 [1]. See https://evil.example/x, [this](https://evil.example/y) or www.evil.example @everyone @here <@123> <@&456> <b>now</b>.\n\nSources:\n1. https://evil.example/z',
    });
    const { reply, text } = await bot.run(BAN);
    expect(reply.title).toBe('Answer');
    for (const bad of ['evil.example', '@everyone', '@here', '<@', '**', '<b>', '##']) expect(text).not.toContain(bad);
    expect(reply.text).toContain('banned crypto trading on 24 September 2021 [1]');
    expect([...sourcesOf(text).values()]).toEqual(['https://blockchain.bakermckenzie.com/2021/10/04/chinas-central-bank-declares-all-cryptocurrency-transactions-illegal/']);
  });

  it('labels disputed or unverified claims an answer relies on', async () => {
    const bot = await askBot({ baseUrl: fake.baseUrl, key: KEY });
    let weak = '';
    fake.enqueue({
      kind: 'answer',
      content: (req) => {
        const i = passagesOf(req).findIndex((p) => /\[(DISPUTED|UNVERIFIED)/.test(p));
        weak = /\[(DISPUTED|UNVERIFIED)/.exec(passagesOf(req)[i] ?? '')?.[1] ?? 'none';
        return `Reports disagree [${i + 1}].`;
      },
    });
    const { reply, text } = await bot.run('/ask Is VeChain building Wenchang’s smart brain?');
    expect(reply.title).toBe('Answer');
    expect(['DISPUTED', 'UNVERIFIED']).toContain(weak);
    expect(text).toContain(`${weak}:`);
    expectCheckedCitations(text);
  });

  it.each([
    ['429 with retry-after', { kind: 'status', status: 429, headers: { 'retry-after': '90' } }, 'is rate-limited; try again in 90 s', 1],
    ['500', { kind: 'status', status: 500 }, 'failed (HTTP 500)', 2],
    ['malformed JSON', { kind: 'malformed' }, 'sent an unreadable answer', 2],
  ] as const)('falls back on %s', async (_name, behaviour, reason, calls) => {
    const bot = await askBot({ baseUrl: fake.baseUrl, key: KEY });
    fake.setDefault(behaviour);
    const { reply, text } = await bot.run(BAN);
    expect(reply.kind).not.toBe('error');
    expect(reply.title).toBe('From the knowledge store (AI off)');
    expect(text).toContain(`AI off: the AI service ${reason}`);
    expect(text).toContain('24 September 2021');
    expectCheckedCitations(text);
    expect(fake.requests).toHaveLength(calls);
  });

  it('after a 429 makes no request until Retry-After has passed, then calls again', async () => {
    const clock = new ManualClock();
    const bot = await askBot({ baseUrl: fake.baseUrl, key: KEY, clock });
    fake.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '30' } });
    await bot.run(BAN, 'a');
    const { text } = await bot.run('/ask How many e-CNY wallets are there?', 'b');
    expect(text).toContain('AI off: the AI service asked us to slow down; try again in 30 s');
    expect(fake.requests).toHaveLength(1);
    clock.advance(31_000);
    expect((await bot.run('/ask How many e-CNY wallets are there?', 'b')).reply.title).toBe('Answer');
    expect(fake.requests).toHaveLength(2);
  });

  it.each(['hang', 'stall'] as const)('falls back on a timeout (%s), within the deadline', async (kind) => {
    const bot = await askBot({ baseUrl: fake.baseUrl, key: KEY, timing: { attemptTimeoutMs: 300, deadlineMs: 1000 } });
    fake.setDefault({ kind });
    const started = Date.now();
    const { reply, text } = await bot.run(BAN);
    const elapsed = Date.now() - started;
    expect(reply.title).toBe('From the knowledge store (AI off)');
    expect(text).toContain('AI off: the AI service did not answer in time');
    expectCheckedCitations(text);
    expect(fake.requests.length).toBeLessThanOrEqual(2);
    expect(elapsed).toBeLessThan(1000 + 1500);
  });

  it('stops at the daily budget without a request', async () => {
    const bot = await askBot({ baseUrl: fake.baseUrl, key: KEY, budget: 1 });
    expect((await bot.run(BAN)).reply.title).toBe('Answer');
    const { text } = await bot.run('/ask How many e-CNY wallets are there?');
    expect(text).toContain('AI off: today’s AI budget is used up (it resets at 00:00 UTC)');
    expectCheckedCitations(text);
    expect(fake.requests).toHaveLength(1);
  });

  it('answers from the store, without a request, when the limits store fails', async () => {
    // keyv on Redis throws when Redis is gone (throwOnErrors); this store port fails the same way.
    const failing: AskStore = { namespace: () => ({ get: () => Promise.reject(new Error('store down')), set: () => Promise.reject(new Error('store down')) }) };
    const knowledge = await loadKnowledgeBase('config/knowledge');
    const ask = createAskService({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.baseUrl, OPENAI_MODEL: 'fake-model', ASK_DAILY_BUDGET: 10, ASK_COOLDOWN_S: 0 }, failing, { knowledge });
    const core = new BotCore<Services>({ commands, services: { knowledge, version: 't', ask } });
    const reply = (await core.handleText(BAN, { platform: 'console', userId: 'u', isModerator: false }, 'console:local'))!;
    const text = renderPlain(reply);
    expect(reply.title).toBe('From the knowledge store (AI off)');
    expect(text).toContain('AI off: the AI spending limits could not be checked');
    expect(fake.requests).toHaveLength(0);
  });

  it('makes one person wait the cooldown and says when to retry; others are not affected', async () => {
    const clock = new ManualClock();
    const bot = await askBot({ baseUrl: fake.baseUrl, key: KEY, cooldownS: 60, clock });
    expect((await bot.run(BAN, 'alice')).reply.title).toBe('Answer');
    clock.advance(15_000);
    const { text } = await bot.run('/ask How many e-CNY wallets are there?', 'alice');
    expect(text).toContain('AI off: you asked the AI a moment ago; try again in 45 s');
    expect(fake.requests).toHaveLength(1);
    expect((await bot.run('/ask How many e-CNY wallets are there?', 'bob')).reply.title).toBe('Answer');
    clock.advance(46_000);
    expect((await bot.run('/ask What is the BSN?', 'alice')).reply.title).toBe('Answer');
    expect(fake.requests).toHaveLength(3);
  });

  it('serves a repeated question from the cache without a second request', async () => {
    const bot = await askBot({ baseUrl: fake.baseUrl, key: KEY, cooldownS: 60 });
    const first = await bot.run(BAN, 'alice');
    const again = await bot.run('/ask  when did CHINA ban crypto trading', 'alice');
    expect(fake.requests).toHaveLength(1);
    expect(again.reply.text).toBe(first.reply.text);
    expect(again.text).toContain('(cached answer)');
  });

  it('says so when the passages do not answer, and points to a command', async () => {
    const bot = await askBot({ baseUrl: fake.baseUrl, key: KEY });
    fake.enqueue({ kind: 'answer', content: 'NO_ANSWER' });
    const { reply, text } = await bot.run('/ask What will the e-CNY be worth in 2040?');
    expect(reply.title).toBe('No direct answer');
    expect(text).toMatch(/Try \/\S+/);
  });

  it('whatever the model writes, every [n] shown has a numbered http(s) source (property, 60 cases)', async () => {
    const bot = await askBot({ baseUrl: fake.baseUrl, key: KEY, budget: 1000 });
    const piece = fc.oneof(
      fc.integer({ min: 0, max: 15 }).map((n) => `[${n}]`),
      fc.constantFrom('China banned it. ', '[1, 2]', '[2020]', '[1-3]', '【2】', 'https://evil.example/x ', '@everyone ', '**x** ', 'NO_ANSWER', '\nSources:\n[1] x'),
      fc.string({ maxLength: 12 }),
    );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 12 }), async (parts) => {
        runs++;
        fake.enqueue({ kind: 'answer', content: parts.join(' ') }, { kind: 'answer', content: parts.join('') });
        const { reply, text } = await bot.run(`${BAN} run ${runs}`);
        expect(reply.kind).not.toBe('error');
        const sources = sourcesOf(text);
        for (const c of citationsOf(text)) expect(sources.get(c), `[${c}] in ${JSON.stringify(parts)}`).toMatch(/^https?:\/\//);
        expect(text.split('\nSources:\n')[0]).not.toMatch(/evil\.example|@everyone/);
        fake.reset();
      }),
      { numRuns: 60 },
    );
    expect(runs).toBe(60);
  }, 120_000);

  it('/about says AI is on and names the model, never the key', async () => {
    const bot = await askBot({ baseUrl: fake.baseUrl, key: KEY });
    const { text } = await bot.run('/about');
    expect(text).toContain('AI answers (/ask): on, model fake-model');
    expect(text).not.toContain(KEY);
  });
});

describe('/ask without a key', () => {
  it('answers from the knowledge store, labelled AI off, and sends nothing even with a base URL set', async () => {
    const bot = await askBot({ baseUrl: fake.baseUrl });
    const { reply, text } = await bot.run(BAN);
    expect(reply.title).toBe('From the knowledge store (AI off)');
    expect(text).toContain('AI off: no API key is configured.');
    expect(text).toMatch(/\[2021-09-24\] .*China declares all crypto trading illegal/);
    expect(text).toMatch(/As of \d{4}-\d{2}-\d{2}/);
    expectCheckedCitations(text);
    expect((await bot.run('/about')).text).toContain('AI answers (/ask): off (no API key is configured)');
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses questions of 2 and 2,000 characters with a clear message', async () => {
    const bot = await askBot({ baseUrl: fake.baseUrl });
    const short = await bot.run('/ask hi');
    expect(short.reply.kind).toBe('error');
    expect(short.text).toContain('Your question has 2 characters; ask in 3 to 300 characters');
    const long = await bot.run(`/ask ${'why '.repeat(500).trim()}`);
    expect(long.reply.kind).toBe('error');
    expect(long.text).toMatch(/question is too long \(\d{4} characters; at most 300\)/);
    expect((await bot.run('/ask')).reply.kind).toBe('error');
  });

  it('says when nothing matches and offers commands', async () => {
    const bot = await askBot({ baseUrl: fake.baseUrl });
    const { reply, text } = await bot.run('/ask weather in Paris tomorrow');
    expect(reply.title).toBe('No direct answer');
    expect(text).toContain('Try /china-blockchain');
  });
});
