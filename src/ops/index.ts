/**
 * What main.ts needs to run the operations listener: the metrics hooks, the store providers and
 * startOps, which serves /healthz and /metrics from the process registry. Imported only when
 * HTTP_PORT is set, so a process without the listener never loads prom-client.
 */
import type { Logger } from '../core/logger.js';
import type { Ingestor } from '../news/ingest.js';
import type { AdapterState, HealthPlatform, HealthProviders } from './health.js';
import { startOpsServer, type OpsServer } from './http-server.js';
import { recordIngest, recordOutbox, registry } from './metrics.js';

export { recordCommand, recordIngest } from './metrics.js';
export { databaseHealth } from './store-health.js';
export type { OpsServer } from './http-server.js';

/** A running adapter as /healthz sees it. */
export interface LiveAdapter {
  connected(): boolean;
}

/** Adapter states: `disabled` when not enabled, `disconnected` until started and whenever it drops. */
export function adapterStates(
  enabled: readonly string[],
  live: Partial<Record<HealthPlatform, LiveAdapter>>,
): Record<HealthPlatform, AdapterState> {
  const state = (p: HealthPlatform): AdapterState => {
    if (!enabled.includes(p)) return 'disabled';
    return live[p]?.connected() ? 'connected' : 'disconnected';
  };
  return { discord: state('discord'), telegram: state('telegram') };
}

/** Wraps an ingestor so every pass it runs is counted per source. */
export function countingIngestor(ingestor: Pick<Ingestor, 'run'>): Pick<Ingestor, 'run'> {
  return {
    run: async (...args) => {
      const summary = await ingestor.run(...args);
      recordIngest(summary);
      return summary;
    },
  };
}

/** Starts the listener on `port`/`host` with the process registry; the outbox gauges refresh per scrape. */
export function startOps(opts: { port: number; host: string; logger: Logger; health: HealthProviders }): Promise<OpsServer> {
  const outbox = opts.health.outbox;
  return startOpsServer({
    port: opts.port,
    host: opts.host,
    logger: opts.logger,
    health: opts.health,
    metrics: registry,
    ...(outbox ? { beforeScrape: async () => recordOutbox(await outbox()) } : {}),
  });
}
