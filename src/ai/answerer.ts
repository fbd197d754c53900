/**
 * The AskService: retrieve passages, then either a cited model answer (cache, cooldown, pause,
 * budget, one retry, validation) or the extractive fallback. Never throws for a model problem,
 * and the whole answer stays within the deadline whatever the model does.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../core/command.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { normalizeText } from '../core/suggest.js';
import type { NewsService } from '../news/news-service.js';
import { metrics } from '../ops/metrics.js';
import { AskLimits, waitText, type KeyValue } from './ask-limits.js';
import type { AskAnswer, Asker, AskService, AskStatus } from './ask-service.js';
import { extractiveAnswer, hintsFor, latestAsOf, nothingFound, quoteItems } from './fallback.js';
import { ModelError, type ChatModel } from './openai-model.js';
import { citationProblem, cleanModelText, renumber } from './output.js';
import type { Passage } from './passages.js';
import { buildMessages, fenceFor, NO_ANSWER, type RandomHex } from './prompt.js';
import { retrieve, type PassageIndex } from './retrieval.js';

/** Everything the answerer needs; `model` absent means AI off (no request is ever made). */
export interface AnswererOptions {
  /** The fact index, or a function building it on first use (keeps start-up fast). */
  index: PassageIndex | (() => PassageIndex);
  /** Hash of the knowledge store, part of the cache key (or a function computing it on first use). */
  knowledgeVersion: string | (() => string);
  news?: NewsService | undefined;
  model?: ChatModel | undefined;
  /** Shown when `model` is absent, e.g. "no API key is configured". */
  offReason?: string;
  cache: KeyValue<AskAnswer>;
  limits: KeyValue<number>;
  dailyBudget: number;
  cooldownMs: number;
  cacheTtlMs?: number;
  /** Per-request timeout of one model call. */
  attemptTimeoutMs?: number;
  /** Time from the question to the last moment a model call may still run. */
  deadlineMs?: number;
  clock: Clock;
  random?: RandomHex;
  logger?: Logger;
}

type Outcome = { answer: AskAnswer } | { fail: ModelError };

/** Builds the cache key of a question: normalised text, model and knowledge version. */
export function cacheKey(question: string, model: string, knowledgeVersion: string): string {
  return createHash('sha256').update(`${normalizeText(question)}\n${model}\n${knowledgeVersion}`).digest('hex');
}

/** Answers questions; one instance per process. */
export class Answerer implements AskService {
  private readonly limits: AskLimits;
  private readonly logger: Logger;
  private readonly random: RandomHex;

  constructor(private readonly opts: AnswererOptions) {
    this.limits = new AskLimits(opts.limits, { dailyBudget: opts.dailyBudget, cooldownMs: opts.cooldownMs, clock: opts.clock });
    this.logger = opts.logger ?? silentLogger;
    this.random = opts.random ?? ((n) => randomBytes(n).toString('hex'));
  }

  status(): AskStatus {
    return this.opts.model ? { ai: true, model: this.opts.model.model } : { ai: false, reason: this.opts.offReason ?? 'no API key is configured' };
  }

  async answer(question: string, asker: Asker): Promise<AskAnswer> {
    const started = Date.now();
    const passages = await retrieve(question, {
      index: typeof this.opts.index === 'function' ? this.opts.index() : this.opts.index,
      news: this.opts.news,
      onNewsError: (err) => this.logger.warn({ err }, 'ask: story search failed; answering from facts only'),
    });
    const model = this.opts.model;
    if (!model) return this.skip('no_key', passages, this.opts.offReason ?? 'no API key is configured');
    if (passages.length === 0) return nothingFound([], undefined, model.model);
    const version = typeof this.opts.knowledgeVersion === 'function' ? this.opts.knowledgeVersion() : this.opts.knowledgeVersion;
    const key = cacheKey(question, model.model, version);
    const cached = await this.opts.cache.get(key).catch(() => undefined);
    if (cached && (cached.mode === 'ai' || cached.mode === 'none')) {
      metrics.aiCalls.inc({ outcome: 'cache_hit' });
      return { ...cached, cached: true };
    }
    const refusal = await this.checkLimits(asker).catch((err: unknown) => {
      this.logger.warn({ err }, 'ask: limits store failed; answering without the model');
      return { outcome: 'limits_unavailable', reason: 'the AI spending limits could not be checked' };
    });
    if (refusal) return this.skip(refusal.outcome, passages, refusal.reason);
    const result = await this.ask(model, question, passages, started + (this.opts.deadlineMs ?? 25_000));
    if ('answer' in result) {
      await this.opts.cache.set(key, result.answer, this.opts.cacheTtlMs ?? 6 * 3_600_000).catch((err: unknown) => this.logger.warn({ err }, 'ask: cache write failed'));
      return result.answer;
    }
    this.logger.warn({ kind: result.fail.kind, reason: result.fail.message }, 'ask: model answer replaced by the fallback');
    return extractiveAnswer(passages, result.fail.message);
  }

  /** Why the model may not be called now (cooldown, 429 pause, budget), or undefined after reserving a request. */
  private async checkLimits(asker: Asker): Promise<{ outcome: string; reason: string } | undefined> {
    const cooldown = await this.limits.cooldownLeft(asker);
    if (cooldown > 0) return { outcome: 'cooldown', reason: `you asked the AI a moment ago; try again in ${waitText(cooldown)}` };
    const paused = await this.limits.pauseLeft();
    if (paused > 0) return { outcome: 'paused', reason: `the AI service asked us to slow down; try again in ${waitText(paused)}` };
    if (!(await this.limits.reserve())) return { outcome: 'budget', reason: 'today’s AI budget is used up (it resets at 00:00 UTC)' };
    await this.limits.startCooldown(asker);
    return undefined;
  }

  private skip(outcome: string, passages: Passage[], reason: string): AskAnswer {
    metrics.aiCalls.inc({ outcome });
    return passages.length ? extractiveAnswer(passages, reason) : nothingFound([], reason);
  }

  /** At most two model calls (the second only after a 5xx, timeout, malformed or refused answer), all before the deadline. */
  private async ask(model: ChatModel, question: string, passages: Passage[], deadline: number): Promise<Outcome> {
    const fence = fenceFor(passages, question, this.random);
    let retryNote: string | undefined;
    let last = new ModelError('timeout', 'the AI service did not answer in time');
    for (let attempt = 1; attempt <= 2; attempt++) {
      const left = deadline - Date.now();
      if (left < 500) break;
      if (attempt === 2 && !(await this.limits.reserve().catch(() => false))) return { fail: new ModelError('error', 'today’s AI budget is used up (it resets at 00:00 UTC)') };
      try {
        const reply = await model.complete(buildMessages(question, passages, fence, retryNote), { timeoutMs: Math.min(this.opts.attemptTimeoutMs ?? 12_000, left) });
        if (reply.usage) {
          metrics.aiTokens.inc({ kind: 'prompt' }, reply.usage.prompt);
          metrics.aiTokens.inc({ kind: 'completion' }, reply.usage.completion);
        }
        if (reply.text.replace(/[.\s*`"]/g, '') === NO_ANSWER) {
          metrics.aiCalls.inc({ outcome: 'no_answer' });
          return { answer: nothingFound(passages, undefined, model.model) };
        }
        const text = cleanModelText(reply.text);
        const problem = citationProblem(text, passages.length);
        if (!problem) {
          metrics.aiCalls.inc({ outcome: 'ok' });
          return { answer: this.cited(text, passages, model.model) };
        }
        metrics.aiCalls.inc({ outcome: 'invalid' });
        last = new ModelError('refused', `the AI answer was refused (it ${problem})`);
        retryNote = `Your previous answer was refused because it ${problem}. Cite only passage numbers from 1 to ${passages.length}, at least once.`;
      } catch (err) {
        const fail = err instanceof ModelError ? err : new ModelError('error', 'the AI service could not be reached');
        metrics.aiCalls.inc({ outcome: fail.kind });
        if (fail.kind === 'rate_limited') {
          const wait = fail.retryAfterMs ?? 60_000;
          await this.limits.pause(wait);
          return { fail: new ModelError('rate_limited', `the AI service is rate-limited; try again in ${waitText(wait)}`) };
        }
        if (fail.kind === 'error') return { fail };
        last = fail;
      }
    }
    return { fail: last };
  }

  /** A validated model text with the bot's numbered sources and labels for the weaker claims it relies on. */
  private cited(text: string, passages: Passage[], model: string): AskAnswer {
    const done = renumber(text, passages);
    const weak = done.passages.filter((p) => p.status !== 'verified');
    const cites = weak.map((p) => done.sources.findIndex((s) => s.url === p.sources[0]!.url) + 1);
    const asOf = latestAsOf(done.passages);
    return {
      mode: 'ai',
      text: done.text,
      items: quoteItems(weak, cites),
      sources: done.sources,
      ...(asOf ? { asOf } : {}),
      model,
      hints: hintsFor(done.passages),
    };
  }
}
