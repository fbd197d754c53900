/**
 * /ask without a model: time to build the passage index over every fact, and the latency of
 * retrieval plus the extractive answer (the AI-off path every model fault falls back to).
 */
import { performance } from 'node:perf_hooks';
import { Answerer } from '../src/ai/answerer.js';
import type { KeyValue } from '../src/ai/ask-limits.js';
import { knowledgePassages, knowledgeVersion } from '../src/ai/knowledge-passages.js';
import { PassageIndex } from '../src/ai/retrieval.js';
import { loadKnowledgeBase } from '../src/app.js';
import { systemClock } from '../src/core/command.js';

const QUESTIONS = ['When did China ban crypto trading?', 'How many e-CNY wallets are there?', '数字人民币现在付利息吗？', 'Which city ranks first for blockchain?', 'weather in Paris'];

function memoryKv<T>(): KeyValue<T> {
  const m = new Map<string, T>();
  return { get: async (k) => m.get(k), set: async (k, v) => void m.set(k, v) };
}

export interface AskBenchRow {
  question: string;
  p50Us: number;
  p99Us: number;
}

/** Index build time (ms) and per-question answer latency without a model. */
export async function benchAsk(n = 1000): Promise<{ passages: number; buildMs: number; rows: AskBenchRow[] }> {
  const kb = await loadKnowledgeBase('config/knowledge');
  const t0 = performance.now();
  const passages = knowledgePassages(kb);
  const index = new PassageIndex(passages);
  const buildMs = performance.now() - t0;
  const answerer = new Answerer({ index, knowledgeVersion: knowledgeVersion(kb), cache: memoryKv(), limits: memoryKv(), dailyBudget: 0, cooldownMs: 0, clock: systemClock });
  const rows: AskBenchRow[] = [];
  for (const question of QUESTIONS) {
    for (let i = 0; i < 100; i++) await answerer.answer(question, { platform: 'console', userId: 'bench' });
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      await answerer.answer(question, { platform: 'console', userId: 'bench' });
      samples.push((performance.now() - s) * 1000);
    }
    samples.sort((a, b) => a - b);
    rows.push({ question, p50Us: samples[Math.floor(n * 0.5)]!, p99Us: samples[Math.floor(n * 0.99)]! });
  }
  return { passages: passages.length, buildMs, rows };
}
