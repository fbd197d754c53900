/**
 * The process's Prometheus metrics (prom-client), in one registry served by GET /metrics.
 * Modules outside the core increment these directly; the core reports through BotCore hooks.
 */
import client from 'prom-client';
import type { IngestSummary } from '../news/ingest.js';
import type { OutboxStats } from './health.js';

/** The registry /metrics serves. */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

/** Every metric chainbrief records. */
export const metrics = {
  commands: new client.Counter({
    name: 'chainbrief_commands_total',
    help: 'Commands answered, by command and outcome (ok, user_error, error)',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  }),
  commandSeconds: new client.Histogram({
    name: 'chainbrief_command_duration_seconds',
    help: 'Time to answer a command',
    labelNames: ['command'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  }),
  deliveries: new client.Counter({
    name: 'chainbrief_deliveries_total',
    help: 'Push deliveries by platform and outcome (sent, retry, paused, moved, dead)',
    labelNames: ['platform', 'outcome'] as const,
    registers: [registry],
  }),
  rateLimited: new client.Counter({
    name: 'chainbrief_rate_limited_total',
    help: '429 answers received from a platform',
    labelNames: ['platform'] as const,
    registers: [registry],
  }),
  outboxPending: new client.Gauge({ name: 'chainbrief_outbox_pending', help: 'Outbox rows not yet sent', registers: [registry] }),
  outboxOldestAgeSeconds: new client.Gauge({
    name: 'chainbrief_outbox_oldest_age_seconds',
    help: 'Age of the oldest unsent outbox row',
    registers: [registry],
  }),
  ingestItems: new client.Counter({
    name: 'chainbrief_ingest_items_total',
    help: 'Feed items ingested, by source',
    labelNames: ['source'] as const,
    registers: [registry],
  }),
  ingestErrors: new client.Counter({
    name: 'chainbrief_ingest_errors_total',
    help: 'Feed fetch or parse failures, by source',
    labelNames: ['source'] as const,
    registers: [registry],
  }),
  aiCalls: new client.Counter({
    name: 'chainbrief_ai_calls_total',
    help: 'Model calls by outcome (ok, fallback reason)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  aiTokens: new client.Counter({
    name: 'chainbrief_ai_tokens_total',
    help: 'Model tokens used, by kind (prompt, completion)',
    labelNames: ['kind'] as const,
    registers: [registry],
  }),
};

/** Counts one answered command and its latency (the BotCore `onCommand` hook). */
export function recordCommand(command: string, outcome: string, ms: number): void {
  metrics.commands.inc({ command, outcome });
  metrics.commandSeconds.observe({ command }, ms / 1000);
}

/** Counts a pass's items and failures per source. */
export function recordIngest(summary: Pick<IngestSummary, 'sources'>): void {
  for (const s of summary.sources) {
    if (s.items > 0) metrics.ingestItems.inc({ source: s.id }, s.items);
    if (s.status === 'failed') metrics.ingestErrors.inc({ source: s.id });
  }
}

/** Sets the outbox gauges (refreshed before each scrape). */
export function recordOutbox(stats: OutboxStats): void {
  metrics.outboxPending.set(stats.pending);
  metrics.outboxOldestAgeSeconds.set(stats.oldestAgeS);
}
