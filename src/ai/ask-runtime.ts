/**
 * Wires /ask for a process: the passage index over the knowledge store, the openai SDK model when
 * a key is configured (none at all otherwise, whatever OPENAI_BASE_URL says), and the keyv
 * namespaces for the answer cache and the limits.
 */
import type { Clock } from '../core/command.js';
import { systemClock } from '../core/command.js';
import type { Logger } from '../core/logger.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { NewsService } from '../news/news-service.js';
import { Answerer } from './answerer.js';
import type { AskAnswer, AskService } from './ask-service.js';
import type { KeyValue } from './ask-limits.js';
import { knowledgePassages, knowledgeVersion } from './knowledge-passages.js';
import { openAiChatModel } from './openai-model.js';
import { PassageIndex } from './retrieval.js';

/** The configuration /ask reads (a subset of Config). */
export interface AskSettings {
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  OPENAI_MODEL: string;
  ASK_DAILY_BUDGET: number;
  ASK_COOLDOWN_S: number;
}

/** Where the answer cache and the limits live (StoreHandle satisfies it). */
export interface AskStore {
  namespace<T>(name: string): KeyValue<T>;
}

/** Builds the AskService for this process. */
export function createAskService(
  settings: AskSettings,
  store: AskStore,
  deps: {
    knowledge: KnowledgeBase;
    news?: NewsService | undefined;
    clock?: Clock;
    logger?: Logger;
    /** Shorter timeouts for tests; production keeps 12 s per call and 25 s in all. */
    timing?: { attemptTimeoutMs: number; deadlineMs: number };
  },
): AskService {
  const model = settings.OPENAI_API_KEY
    ? openAiChatModel({ apiKey: settings.OPENAI_API_KEY, baseURL: settings.OPENAI_BASE_URL, model: settings.OPENAI_MODEL })
    : undefined;
  let index: PassageIndex | undefined;
  let version: string | undefined;
  return new Answerer({
    index: () => (index ??= new PassageIndex(knowledgePassages(deps.knowledge))),
    knowledgeVersion: () => (version ??= knowledgeVersion(deps.knowledge)),
    news: deps.news,
    model,
    offReason: 'no API key is configured',
    cache: store.namespace<AskAnswer>('ai-answers'),
    limits: store.namespace<number>('ai-limits'),
    dailyBudget: settings.ASK_DAILY_BUDGET,
    cooldownMs: settings.ASK_COOLDOWN_S * 1000,
    clock: deps.clock ?? systemClock,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...deps.timing,
  });
}
