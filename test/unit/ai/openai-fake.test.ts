/** The fake OpenAI server, checked through the real openai SDK (so its answers are what the SDK expects). */
import OpenAI, { APIConnectionTimeoutError, InternalServerError, RateLimitError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify as classifyWith, loadOpenAiSdk, openAiChatModel } from '../../../src/ai/openai-model.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../fakes/openai-server.js';

let fake: FakeOpenAi;
const sdkModule = await loadOpenAiSdk();
const classify = (e: unknown) => classifyWith(e, sdkModule);
let sdk: OpenAI;
const ask = (timeout = 2000) => sdk.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'hi' }] }, { timeout });

beforeAll(async () => {
  fake = await startFakeOpenAi();
  sdk = new OpenAI({ apiKey: 'sk-fake', baseURL: fake.baseUrl, maxRetries: 0 });
});
afterAll(() => fake.close());

describe('fake OpenAI server', () => {
  it('answers chat completions the SDK parses, with usage, and records the request', async () => {
    fake.enqueue({ kind: 'answer', content: 'hello [1]', usage: { prompt: 7, completion: 3 } });
    const r = await ask();
    expect(r.choices[0]!.message.content).toBe('hello [1]');
    expect(r.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 3 });
    expect(fake.requests.at(-1)).toMatchObject({ model: 'm1', authorization: 'Bearer sk-fake' });
  });
  it('returns scripted 429 (with Retry-After) and 500 errors as the SDK error classes', async () => {
    fake.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '12' } }, { kind: 'status', status: 500 });
    const e429 = await ask().catch((e: unknown) => e);
    expect(e429).toBeInstanceOf(RateLimitError);
    expect(classify(e429)).toMatchObject({ kind: 'rate_limited', retryAfterMs: 12_000 });
    const e500 = await ask().catch((e: unknown) => e);
    expect(e500).toBeInstanceOf(InternalServerError);
    expect(classify(e500).kind).toBe('server_error');
  });
  it('sends malformed JSON and can hang past the SDK timeout', async () => {
    fake.enqueue({ kind: 'malformed' }, { kind: 'hang' });
    expect(classify(await ask().catch((e: unknown) => e)).kind).toBe('malformed');
    const hung = await ask(200).catch((e: unknown) => e);
    expect(hung).toBeInstanceOf(APIConnectionTimeoutError);
    expect(classify(hung).kind).toBe('timeout');
  });
  it('refuses a request without an API key', async () => {
    const res = await fetch(`${fake.baseUrl}/chat/completions`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string } };
    expect(body.error.code).toBe('invalid_api_key');
    expect(fake.requests.every((r) => r.authorization === 'Bearer sk-fake')).toBe(true);
  });
  it('drives the production ChatModel: text and token usage', async () => {
    fake.enqueue({ kind: 'answer', content: 'model text [1]', usage: { prompt: 11, completion: 5 } });
    const model = openAiChatModel({ apiKey: 'sk-fake', baseURL: fake.baseUrl, model: 'm2' });
    const reply = await model.complete([{ role: 'user', content: 'q' }], { timeoutMs: 2000 });
    expect(reply).toEqual({ text: 'model text [1]', usage: { prompt: 11, completion: 5 } });
    expect(fake.requests.at(-1)!.model).toBe('m2');
  });
});
