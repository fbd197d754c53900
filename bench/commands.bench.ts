/**
 * Command answering: latency of the headline commands through BotCore (parse → dispatch →
 * knowledge queries → Reply) once the store is loaded and indexed, on the real knowledge store and
 * on one a hundred times larger (generated), plus the time to load and index the real one.
 */
import { performance } from 'node:perf_hooks';
import { commands } from '../commands/index.js';
import type { Services } from '../commands/services.js';
import { loadKnowledgeBase } from '../src/app.js';
import type { Actor } from '../src/core/command.js';
import { BotCore } from '../src/core/dispatch.js';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import type { KnowledgeData } from '../src/knowledge/loader.js';

const actor: Actor = { platform: 'console', userId: 'bench', isModerator: false };

/** The headline commands, as users type them (exact names, typos, aliases, misses). */
export const HEADLINE_LINES = [
  '/city-rank',
  '/city-rank Shenzen',
  '/cbdc-status China',
  '/cbdc-status digital yuan',
  '/cbdc-status Atlantis',
  '/china-blockchain fujian',
  '/china-blockchain Wenchang smart city',
  '/help',
];

const SYLLABLES = ['ka', 'lor', 'mi', 'ten', 'vas', 'qui', 'dor', 'bel', 'zan', 'rup', 'hel', 'sto'];

/** A made-up place name, distinct for every n. */
function placeName(n: number): string {
  let s = '';
  for (let v = n + SYLLABLES.length; v > 0; v = Math.floor(v / SYLLABLES.length)) s += SYLLABLES[v % SYLLABLES.length];
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Appends `suffix` to every `id` in a cloned subtree (milestone, figure and event ids stay unique). */
function suffixIds<T>(value: T, suffix: string): T {
  if (Array.isArray(value)) return value.map((v: unknown) => suffixIds(v, suffix)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === 'id' && typeof v === 'string' ? `${v}${suffix}` : suffixIds(v, suffix);
    return out as T;
  }
  return value;
}

/** The knowledge store × `factor`: countries, cities and timeline events cloned under new names and ids. */
export function scaleKnowledge(data: KnowledgeData, factor: number): KnowledgeData {
  const out = structuredClone(data);
  let n = 0;
  for (let k = 1; k < factor; k++) {
    const suffix = `-x${k}`;
    for (const c of data.cbdc.countries) {
      out.cbdc.countries.push({ ...suffixIds(c, suffix), name: placeName(n++), aliases: [], cbdc_aliases: [], cbdc_name: undefined });
    }
    for (const c of data.cities.cities) out.cities.cities.push({ ...suffixIds(c, suffix), name: placeName(n++), aliases: [], name_zh: undefined });
    for (const e of data.china.events) out.china.events.push(suffixIds(e, suffix));
  }
  return out;
}

/** p50/p99 in µs of every headline line run `n` times (after a warm-up), all samples pooled. */
async function latencies(core: BotCore<Services>, n: number): Promise<{ p50Us: number; p99Us: number }> {
  const samples: number[] = [];
  for (const line of HEADLINE_LINES) {
    for (let i = 0; i < Math.min(200, n); i++) await core.handleText(line, actor, 'console:local');
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      await core.handleText(line, actor, 'console:local');
      samples.push((performance.now() - s) * 1000);
    }
  }
  samples.sort((a, b) => a - b);
  return { p50Us: Math.round(samples[Math.floor(samples.length * 0.5)]!), p99Us: Math.round(samples[Math.floor(samples.length * 0.99)]!) };
}

/** Command latency figures: `commands.p99Us` (real store), `commands.p99Us100x` (store × 100), load time. */
export async function benchCommands(n = 1000): Promise<Record<string, number>> {
  const t0 = performance.now();
  const knowledge = await loadKnowledgeBase('config/knowledge');
  const loadMs = performance.now() - t0;
  const real = await latencies(new BotCore<Services>({ commands, services: { knowledge, version: 'bench' } }), n);
  const t1 = performance.now();
  const big = new KnowledgeBase(scaleKnowledge(knowledge.data, 100));
  const index100xMs = performance.now() - t1;
  const scaled = await latencies(new BotCore<Services>({ commands, services: { knowledge: big, version: 'bench' } }), Math.max(50, Math.floor(n / 5)));
  return {
    'commands.p50Us': real.p50Us,
    'commands.p99Us': real.p99Us,
    'commands.p50Us100x': scaled.p50Us,
    'commands.p99Us100x': scaled.p99Us,
    'knowledge.loadMs': Math.round(loadMs),
    'knowledge.index100xMs': Math.round(index100xMs),
  };
}
