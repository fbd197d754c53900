/**
 * Source health bookkeeping: success resets, failures count, back off exponentially and mark a
 * source unhealthy after repeated failures — keeping the reason for moderators (/sources).
 */
import type { FeedSource } from './feeds-config.js';
import type { SourceState } from './types.js';

/** Consecutive failures after which a source is reported unhealthy. */
export const UNHEALTHY_AFTER = 3;
const BACKOFF_BASE_MS = 2 * 60_000;
const BACKOFF_MAX_MS = 6 * 3600_000;

/** State of a source never polled (or whose URL changed: validators are dropped, counters kept). */
export function initialState(source: FeedSource, prior?: SourceState): SourceState {
  return {
    id: source.id,
    url: source.url,
    healthy: true,
    consecutiveFailures: 0,
    errorCount: prior?.errorCount ?? 0,
    itemCount: prior?.itemCount ?? 0,
    seeded: prior?.seeded ?? false,
  };
}

/** Delay before the next attempt after `failures` consecutive failures. */
export function backoffMs(failures: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
}

/** State after a successful poll (200 or 304). */
export function succeededState(
  s: SourceState,
  source: FeedSource,
  at: Date,
  r: { added: number; validators?: { etag?: string | undefined; lastModified?: string | undefined } },
): SourceState {
  const next: SourceState = {
    ...s,
    healthy: true,
    consecutiveFailures: 0,
    lastAttemptAt: at.toISOString(),
    lastSuccessAt: at.toISOString(),
    nextAttemptAt: new Date(at.getTime() + source.intervalMinutes * 60_000).toISOString(),
    itemCount: s.itemCount + r.added,
    seeded: true,
  };
  if (r.validators) {
    // A full answer replaces the validators; a 304 keeps the ones that produced it.
    delete next.etag;
    delete next.lastModified;
    if (r.validators.etag) next.etag = r.validators.etag;
    if (r.validators.lastModified) next.lastModified = r.validators.lastModified;
  }
  return next;
}

/** State after a failed poll: counted, backed off, unhealthy after UNHEALTHY_AFTER in a row. */
export function failedState(s: SourceState, at: Date, reason: string): SourceState {
  const failures = s.consecutiveFailures + 1;
  return {
    ...s,
    healthy: failures < UNHEALTHY_AFTER,
    consecutiveFailures: failures,
    errorCount: s.errorCount + 1,
    lastError: { at: at.toISOString(), reason },
    lastAttemptAt: at.toISOString(),
    nextAttemptAt: new Date(at.getTime() + backoffMs(failures)).toISOString(),
  };
}
