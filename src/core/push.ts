/**
 * The one push port: how the outbox's sender hands a frozen Reply to a platform. Every adapter
 * implements it; outcomes are data (never thrown), so the sender decides retry/pause/dead in one place.
 */
import type { ConversationRef, Platform } from './conversation.js';
import type { Reply } from './reply.js';

/** Why a conversation stopped accepting pushes for good (until a moderator acts again). */
export type PauseReason = 'blocked' | 'kicked' | 'not-found' | 'forbidden' | 'missing-permissions';

/** The result of one delivery attempt. */
export type DeliveryOutcome =
  /** Every part was accepted; `messageIds` are the platform's ids, in order. */
  | { status: 'sent'; messageIds: string[] }
  /**
   * Try again after `afterMs`. `rateLimited` is true for a 429 (not a failure: it never counts
   * toward the attempt limit). `sentParts` parts were accepted before the failure.
   */
  | { status: 'retry'; afterMs: number; reason: string; rateLimited: boolean; sentParts: number }
  /** The destination refuses pushes (blocked, removed, gone, no permission): pause its subscriptions. */
  | { status: 'paused'; reason: PauseReason; detail: string; sentParts: number }
  /** The chat moved (Telegram group → supergroup): move subscriptions to `to` and deliver there. */
  | { status: 'moved'; to: ConversationRef; sentParts: number }
  /** Will never succeed (malformed payload, permanent 4xx). */
  | { status: 'dead'; reason: string; sentParts: number };

/** Options of one delivery. */
export interface DeliverOptions {
  /** The outbox key (`digest:<id>:<slot>`, `alert:<sub>:<story>`): stable across retries and restarts. */
  key: string;
  /** Parts already accepted by an earlier attempt; delivery resumes after them (default 0). */
  fromPart?: number;
}

/** Implemented by every adapter; the outbox sender is its only caller. */
export interface PushPort {
  readonly platform: Platform;
  deliver(conversation: ConversationRef, reply: Reply, opts: DeliverOptions): Promise<DeliveryOutcome>;
}

/**
 * Paces outgoing messages at a platform's limits. Adapters call `take` before every message they
 * send (command replies with priority `reply`, pushes with `push`: replies go first) and `backOff`
 * when the platform answered 429, so the limits hold for both kinds of traffic.
 */
export interface Pacer {
  take(conversation: ConversationRef, priority: 'reply' | 'push'): Promise<void>;
  backOff(conversation: ConversationRef | undefined, retryAfterMs: number): void;
}
