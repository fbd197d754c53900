/**
 * Command answering: latency of the headline commands through BotCore (parse → dispatch →
 * knowledge queries → Reply) once the store is loaded and indexed, plus load+index time.
 */
import { performance } from 'node:perf_hooks';
import { createApp, loadKnowledgeBase } from '../src/app.js';
import type { Actor } from '../src/core/command.js';

const actor: Actor = { platform: 'console', userId: 'bench', isModerator: false };
const LINES = [
  '/city-rank',
  '/city-rank Shenzen',
  '/cbdc-status China',
  '/cbdc-status digital yuan',
  '/cbdc-status Atlantis',
  '/china-blockchain fujian',
  '/china-blockchain Wenchang smart city',
  '/help',
];

export interface CommandBenchRow {
  line: string;
  p50Us: number;
  p99Us: number;
}

/** Runs each line `n` times and returns p50/p99 in microseconds, plus the load+index time. */
export async function benchCommands(n = 2000): Promise<{ loadMs: number; rows: CommandBenchRow[] }> {
  const t0 = performance.now();
  await loadKnowledgeBase('config/knowledge');
  const loadMs = performance.now() - t0;
  const { core } = await createApp();
  const rows: CommandBenchRow[] = [];
  for (const line of LINES) {
    for (let i = 0; i < 200; i++) await core.handleText(line, actor, 'console:local');
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      await core.handleText(line, actor, 'console:local');
      samples.push((performance.now() - s) * 1000);
    }
    samples.sort((a, b) => a - b);
    rows.push({ line, p50Us: samples[Math.floor(n * 0.5)]!, p99Us: samples[Math.floor(n * 0.99)]! });
  }
  return { loadMs, rows };
}
