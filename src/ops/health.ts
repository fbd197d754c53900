/**
 * GET /healthz: one JSON report from injected providers (store, adapters, last ingest, outbox), so
 * main.ts wires the real ones and tests can wire real stores without a platform.
 */

/** An adapter's connection: `disabled` when its token is not set. */
export type AdapterState = 'connected' | 'disconnected' | 'disabled';

/** Platforms /healthz reports on. */
export type HealthPlatform = 'discord' | 'telegram';

/** What /healthz needs from the store. */
export interface StoreHealthProvider {
  /** Resolves when the store answers within `timeoutMs`; rejects otherwise. */
  ping(timeoutMs: number): Promise<void>;
  /** Newest applied migration, or null for a store without a schema. */
  schemaVersion(): Promise<string | null>;
}

/** Outbox depth and age of the oldest unsent row. */
export interface OutboxStats {
  pending: number;
  oldestAgeS: number;
}

/** Everything /healthz reads; each provider is called on every request. */
export interface HealthProviders {
  store: StoreHealthProvider;
  adapters(): Record<HealthPlatform, AdapterState>;
  /** ISO time of the last completed ingest pass, or null when none ran yet. */
  lastIngest(): Promise<string | null>;
  /** Absent while this process has no outbox: reported as 0 pending. */
  outbox?: () => Promise<OutboxStats>;
}

/** The /healthz body. */
export interface HealthReport {
  status: 'ok' | 'unavailable';
  store: 'ok' | 'unreachable';
  adapters: Record<HealthPlatform, AdapterState>;
  lastIngest: string | null;
  /** Nulls when the outbox could not be read (the store is down). */
  outbox: { pending: number | null; oldestAgeS: number | null };
  schemaVersion: string | null;
}

/** How long the store gets to answer a health ping (ms). */
export const HEALTH_PING_TIMEOUT_MS = 1000;

/** Swallows a provider failure into `fallback` (a health check must always answer). */
async function orElse<T>(p: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await p();
  } catch {
    return fallback;
  }
}

/** Resolves true when the store answers within the deadline (enforced here too, whatever the provider does). */
async function storeAnswers(store: StoreHealthProvider, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const ping = store.ping(ms).then(
    () => true,
    () => false,
  );
  return Promise.race([ping, late]).finally(() => clearTimeout(timer));
}

/**
 * Builds the report: `ok` once the store answers and every enabled adapter is connected,
 * `unavailable` (HTTP 503) when the store does not answer or an enabled adapter is disconnected.
 */
export async function checkHealth(p: HealthProviders, pingTimeoutMs = HEALTH_PING_TIMEOUT_MS): Promise<HealthReport> {
  const storeOk = await storeAnswers(p.store, pingTimeoutMs);
  const adapters = p.adapters();
  const [schemaVersion, lastIngest, outbox] = await Promise.all([
    storeOk ? orElse(() => p.store.schemaVersion(), null) : Promise.resolve(null),
    orElse(() => p.lastIngest(), null),
    p.outbox ? orElse<HealthReport['outbox']>(p.outbox, { pending: null, oldestAgeS: null }) : Promise.resolve({ pending: 0, oldestAgeS: 0 }),
  ]);
  const adaptersOk = Object.values(adapters).every((s) => s !== 'disconnected');
  return {
    status: storeOk && adaptersOk ? 'ok' : 'unavailable',
    store: storeOk ? 'ok' : 'unreachable',
    adapters,
    lastIngest,
    outbox: { pending: outbox.pending, oldestAgeS: outbox.oldestAgeS },
    schemaVersion,
  };
}
