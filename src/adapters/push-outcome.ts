/**
 * Helpers every adapter's PushPort shares: the transient and rate-limit outcomes (with the 429
 * metric counted once per answer received) and a loop that sends rendered parts from `fromPart`
 * on, stopping at the first failure and reporting how many parts were accepted in total.
 */
import type { ConversationRef, Platform } from '../core/conversation.js';
import type { PlatformError } from '../core/errors.js';
import type { DeliveryOutcome, PauseReason } from '../core/push.js';
import { metrics } from '../ops/metrics.js';

/** A failure of one part mapped to an outcome; `sentParts` is filled in by sendParts. */
export type PartFailure =
  | { status: 'retry'; afterMs: number; reason: string; rateLimited: boolean }
  | { status: 'paused'; reason: PauseReason; detail: string }
  | { status: 'moved'; to: ConversationRef }
  | { status: 'dead'; reason: string };

/** Default wait before retrying a transient failure when the platform named none (the sender adds its own backoff). */
export const TRANSIENT_RETRY_MS = 1000;

/**
 * The outcome of the PlatformError kinds every platform shares: 429 → retry (rate limited; never a
 * failure), transient → retry. Undefined for kinds the adapter maps itself. (The 429 metric is
 * counted where answers are received: see countRateLimited.)
 */
export function sharedFailure(e: PlatformError): PartFailure | undefined {
  if (e.kind === 'rate-limited') {
    return { status: 'retry', afterMs: Math.max(0, e.details.retryAfterMs ?? TRANSIENT_RETRY_MS), reason: e.message, rateLimited: true };
  }
  if (e.kind === 'transient') return { status: 'retry', afterMs: TRANSIENT_RETRY_MS, reason: e.message, rateLimited: false };
  return undefined;
}

/** Counts one 429 answer received from `platform` (chainbrief_rate_limited_total). */
export function countRateLimited(platform: Platform): void {
  metrics.rateLimited.inc({ platform });
}

/**
 * Sends `parts` in order starting after the first `fromPart` (already accepted earlier). Returns
 * `sent` with the ids of the parts sent now, or the first failure with `sentParts` counting every
 * part accepted so far (earlier attempts included), so the next attempt resumes right after them.
 */
export async function sendParts<P>(
  parts: readonly P[],
  fromPart: number,
  sendOne: (part: P, index: number) => Promise<string>,
  failureOf: (err: unknown) => PartFailure,
): Promise<DeliveryOutcome> {
  const start = Math.max(0, Math.min(Math.floor(fromPart), parts.length));
  const ids: string[] = [];
  for (let i = start; i < parts.length; i++) {
    try {
      ids.push(await sendOne(parts[i]!, i));
    } catch (err) {
      return { ...failureOf(err), sentParts: i } as DeliveryOutcome;
    }
  }
  return { status: 'sent', messageIds: ids };
}
