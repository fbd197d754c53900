/**
 * The chat model behind /ask: the openai SDK's chat completions (every OpenAI-compatible server
 * implements them), one request per call with its own timeout and no SDK retries (the answerer
 * decides about the one retry), and every failure mapped to a small set of kinds.
 */
import type OpenAI from 'openai';
import type * as OpenAiModule from 'openai';
import { z } from 'zod';

/** The openai module, loaded on the first model call: importing it costs about a second of start-up. */
export type OpenAiSdk = typeof OpenAiModule;
let sdkLoading: Promise<OpenAiSdk> | undefined;
/** Loads the SDK once per process. */
export function loadOpenAiSdk(): Promise<OpenAiSdk> {
  return (sdkLoading ??= import('openai'));
}
import type { ChatMessage } from './prompt.js';

/** Why a model call failed, as the fallback label and the metrics name it. */
export type ModelFailureKind = 'timeout' | 'rate_limited' | 'server_error' | 'malformed' | 'refused' | 'error';

/** A failed model call. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(
    readonly kind: ModelFailureKind,
    message: string,
    /** From a 429's Retry-After header. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Tokens a call used, as the server reported them. */
export interface TokenUsage {
  prompt: number;
  completion: number;
}

/** One completion. */
export interface ModelReply {
  text: string;
  usage?: TokenUsage;
}

/** The port the answerer calls; tests may implement it, production uses openAiChatModel. */
export interface ChatModel {
  /** Model name, shown by /about and part of the cache key. */
  readonly model: string;
  complete(messages: ChatMessage[], opts: { timeoutMs: number; signal?: AbortSignal }): Promise<ModelReply>;
}

const completionSchema = z.object({
  choices: z
    .array(z.object({ message: z.object({ content: z.string().nullable().optional(), refusal: z.string().nullable().optional() }) }))
    .min(1),
  usage: z.object({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative() }).nullish(),
});

/** Seconds or HTTP-date of a Retry-After header, in milliseconds. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Maps anything the SDK throws to a ModelError. */
export function classify(err: unknown, sdk: OpenAiSdk): ModelError {
  if (err instanceof ModelError) return err;
  if (err instanceof sdk.APIConnectionTimeoutError || err instanceof sdk.APIUserAbortError) return new ModelError('timeout', 'the AI service did not answer in time');
  if (err instanceof sdk.APIError && err.status !== undefined) {
    if (err.status === 429) {
      const headers = err.headers as Headers | undefined;
      const after = retryAfterMs(headers?.get('retry-after-ms') ? String(Number(headers.get('retry-after-ms')) / 1000) : headers?.get('retry-after'));
      return new ModelError('rate_limited', 'the AI service is rate-limited', after);
    }
    if (err.status >= 500) return new ModelError('server_error', `the AI service failed (HTTP ${err.status})`);
    return new ModelError('error', `the AI service refused the request (HTTP ${err.status})`);
  }
  if (err instanceof SyntaxError) return new ModelError('malformed', 'the AI service sent an unreadable answer');
  return new ModelError('error', 'the AI service could not be reached');
}

/** Settings of the SDK client; the key never leaves this object. */
export interface OpenAiSettings {
  apiKey: string;
  baseURL?: string | undefined;
  model: string;
  maxTokens?: number;
}

/** A ChatModel over the openai SDK. */
export function openAiChatModel(settings: OpenAiSettings): ChatModel {
  let client: OpenAI | undefined;
  return {
    model: settings.model,
    async complete(messages, { timeoutMs, signal }) {
      const sdk = await loadOpenAiSdk();
      client ??= new sdk.OpenAI({ apiKey: settings.apiKey, ...(settings.baseURL ? { baseURL: settings.baseURL } : {}), maxRetries: 0 });
      // The SDK's timeout stops waiting for the headers; the abort also bounds a body that stalls.
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      const onAbort = (): void => abort.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      let raw: unknown;
      try {
        raw = await client.chat.completions.create(
          { model: settings.model, messages, temperature: 0.2, max_tokens: settings.maxTokens ?? 500 },
          { timeout: timeoutMs, maxRetries: 0, signal: abort.signal },
        );
      } catch (err) {
        throw abort.signal.aborted ? new ModelError('timeout', 'the AI service did not answer in time') : classify(err, sdk);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
      const parsed = completionSchema.safeParse(raw);
      if (!parsed.success) throw new ModelError('malformed', 'the AI service sent an answer in an unexpected shape');
      const message = parsed.data.choices[0]!.message;
      if (!message.content) throw new ModelError(message.refusal ? 'refused' : 'malformed', message.refusal ? 'the model declined to answer' : 'the AI service sent an empty answer');
      const usage = parsed.data.usage;
      return { text: message.content, ...(usage ? { usage: { prompt: usage.prompt_tokens, completion: usage.completion_tokens } } : {}) };
    },
  };
}
