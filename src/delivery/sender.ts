/**
 * The sender: the one caller of a platform's PushPort. It holds the platform's sender lease,
 * claims due outbox rows, delivers them (resuming after parts already sent) and records every
 * outcome as a state: sent, retry (429 after `retry_after`, not a failure; other errors back off
 * exponentially with jitter, then dead), paused (the conversation's digest and alerts pause), moved.
 */
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../core/command.js';
import type { ConversationRef } from '../core/conversation.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { DeliveryOutcome, PushPort } from '../core/push.js';
import type { Reply } from '../core/reply.js';
import { metrics } from '../ops/metrics.js';
import type { Outbox, OutboxEntry } from './outbox.js';

/** What the sender asks of the subscription side when a destination changes for good. */
export interface SubscriptionControl {
  pause(conversation: string, reason: string, detail: string, now: number): Promise<void>;
  move(from: string, to: string, now: number): Promise<void>;
  digestOutcome(digestId: number, outcome: string, now: number): Promise<void>;
}

export interface SenderOptions {
  outbox: Outbox;
  port: PushPort;
  control: SubscriptionControl;
  clock?: Clock;
  /** Randomness for backoff jitter, in [0, 1). */
  random?: () => number;
  logger?: Logger;
  owner?: string;
  /** Rows delivered at the same time (the in-flight window; Telegram may repeat these after a crash). */
  concurrency?: number;
  /** How long a claimed row stays ours without an answer. */
  rowLeaseMs?: number;
  /** How long the platform's sender lease lasts without renewal. */
  senderLeaseMs?: number;
  pollMs?: number;
  /** Failed attempts (not 429s) before a row is dead. */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
}

/** Exponential backoff with jitter in [50 %, 100 %] of the bounded delay. */
export function backoffMs(attempt: number, base: number, cap: number, random: () => number): number {
  const full = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(full * (0.5 + random() * 0.5));
}

/** Delivers one platform's outbox rows. */
export class OutboxSender {
  readonly owner: string;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly inFlight = new Set<Promise<void>>();
  private holding = false;
  private stopping = false;
  private loopDone: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private statsAt = 0;

  constructor(private readonly opts: SenderOptions) {
    this.owner = opts.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
  }

  private get platform(): string {
    return this.opts.port.platform;
  }

  /** Runs the claim loop until stop(). */
  start(): void {
    this.loopDone ??= this.loop();
  }

  /** Stops claiming, waits (bounded) for deliveries in flight, then gives the lease up. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loopDone;
    const drained = await this.drain(timeoutMs);
    if (drained && this.holding) await this.opts.outbox.releaseSenderLease(this.platform, this.owner).catch(() => undefined);
    this.holding = false;
  }

  /** Waits for every delivery in flight; false when `timeoutMs` passed first. */
  async drain(timeoutMs = 60_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
    const all = (async (): Promise<true> => {
      while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
      return true;
    })();
    const done = await Promise.race([all, timeout]);
    clearTimeout(timer);
    return done;
  }

  /** One round: renew the lease, claim what the window allows, start those deliveries. Returns rows started. */
  async runOnce(): Promise<number> {
    const now = this.clock.now().getTime();
    const had = this.holding;
    this.holding = await this.opts.outbox.acquireSenderLease(this.platform, this.owner, now, this.opts.senderLeaseMs ?? 15_000);
    if (!this.holding) return 0;
    if (!had) {
      const n = await this.opts.outbox.reclaimOrphans(this.platform, this.owner, now);
      if (n) this.logger.info({ platform: this.platform, rows: n }, 'resuming deliveries left in flight');
    }
    await this.updateStats(now);
    const room = (this.opts.concurrency ?? 8) - this.inFlight.size;
    if (room <= 0 || this.stopping) return 0;
    const rows = await this.opts.outbox.claim(this.platform, this.owner, now, this.opts.rowLeaseMs ?? 120_000, room);
    for (const row of rows) {
      const p: Promise<void> = this.deliverRow(row)
        .catch((err: unknown) => this.logger.error({ err, key: row.key }, 'outbox row could not be settled'))
        .finally(() => {
          this.inFlight.delete(p);
          this.wake?.();
        });
      this.inFlight.add(p);
    }
    return rows.length;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let started = 0;
      try {
        started = await this.runOnce();
      } catch (err) {
        this.logger.warn({ err, platform: this.platform }, 'outbox claim failed');
      }
      if (this.stopping) break;
      const full = this.inFlight.size >= (this.opts.concurrency ?? 8);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, started > 0 && !full ? 0 : (this.opts.pollMs ?? 250));
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private async updateStats(now: number): Promise<void> {
    if (now - this.statsAt < 5_000) return;
    this.statsAt = now;
    const s = await this.opts.outbox.stats(now);
    metrics.outboxPending.set(s.pending);
    metrics.outboxOldestAgeSeconds.set(s.oldestAgeS);
  }

  private async deliverRow(row: OutboxEntry): Promise<void> {
    let outcome: DeliveryOutcome;
    try {
      const reply = JSON.parse(row.payload) as Reply;
      outcome = await this.opts.port.deliver(row.conversation as ConversationRef, reply, { key: row.key, fromPart: row.sent_parts });
    } catch (err) {
      const reason = err instanceof SyntaxError ? `unreadable payload: ${err.message}` : `adapter error: ${err instanceof Error ? err.message : String(err)}`;
      outcome = err instanceof SyntaxError ? { status: 'dead', reason, sentParts: row.sent_parts } : { status: 'retry', afterMs: 0, reason, rateLimited: false, sentParts: row.sent_parts };
    }
    await this.record(row, outcome);
  }

  private async record(row: OutboxEntry, o: DeliveryOutcome): Promise<void> {
    const { outbox, control } = this.opts;
    const now = this.clock.now().getTime();
    metrics.deliveries.inc({ platform: this.platform, outcome: o.status });
    const log = (outcome: string, detail: string): Promise<void> => outbox.log({ outboxId: row.id, key: row.key, conversation: row.conversation, outcome, detail }, now);
    const parts = o.status === 'sent' ? row.sent_parts + o.messageIds.length : row.sent_parts + o.sentParts;
    switch (o.status) {
      case 'sent': {
        await outbox.settle(row.id, this.owner, { state: 'sent', sent_parts: parts, message_ids: JSON.stringify(o.messageIds), last_error: null }, now);
        await log('sent', `${o.messageIds.length} message(s)`);
        if (row.digest_id !== null) await control.digestOutcome(Number(row.digest_id), `sent ${parts} message${parts === 1 ? '' : 's'} at ${new Date(now).toISOString()}`, now);
        return;
      }
      case 'retry': {
        if (o.rateLimited) metrics.rateLimited.inc({ platform: this.platform });
        const attempts = row.attempts + (o.rateLimited ? 0 : 1);
        if (!o.rateLimited && attempts >= (this.opts.maxAttempts ?? 6)) {
          await this.dead(row, `${o.reason} (after ${attempts} attempts)`, parts, attempts);
          return;
        }
        const wait = o.rateLimited ? o.afterMs : Math.max(o.afterMs, backoffMs(attempts, this.opts.backoffBaseMs ?? 2_000, this.opts.backoffCapMs ?? 600_000, this.opts.random ?? Math.random));
        await outbox.settle(row.id, this.owner, { state: 'retry', attempts, sent_parts: parts, next_attempt_at: now + wait, last_error: o.reason.slice(0, 300) }, now);
        await log('retry', `${o.rateLimited ? 'rate limited' : o.reason}; again in ${wait} ms`);
        return;
      }
      case 'paused': {
        await outbox.settle(row.id, this.owner, { state: 'paused', sent_parts: parts, last_error: `${o.reason}: ${o.detail}`.slice(0, 300) }, now);
        await control.pause(row.conversation, o.reason, o.detail, now);
        await outbox.pauseConversation(row.conversation, o.reason, now);
        if (row.digest_id !== null) await control.digestOutcome(Number(row.digest_id), `paused: ${o.reason}`, now);
        await log('paused', `${o.reason}: ${o.detail}`);
        this.logger.warn({ conversation: row.conversation, reason: o.reason }, 'conversation refuses pushes: its digest and alerts are paused');
        return;
      }
      case 'moved': {
        await control.move(row.conversation, o.to, now);
        await outbox.moveConversation(row.conversation, o.to, now);
        // The new chat has none of this message yet: deliver it there from the first part.
        await outbox.settle(row.id, this.owner, { state: 'pending', conversation: o.to, sent_parts: 0, next_attempt_at: now }, now);
        await log('moved', `to ${o.to}`);
        this.logger.info({ from: row.conversation, to: o.to }, 'chat moved: subscriptions follow it');
        return;
      }
      case 'dead':
        await this.dead(row, o.reason, parts, row.attempts);
    }
  }

  private async dead(row: OutboxEntry, reason: string, parts: number, attempts: number): Promise<void> {
    const now = this.clock.now().getTime();
    await this.opts.outbox.settle(row.id, this.owner, { state: 'dead', attempts, sent_parts: parts, last_error: reason.slice(0, 300) }, now);
    await this.opts.outbox.log({ outboxId: row.id, key: row.key, conversation: row.conversation, outcome: 'dead', detail: reason }, now);
    if (row.digest_id !== null) await this.opts.control.digestOutcome(Number(row.digest_id), `failed: ${reason.slice(0, 120)}`, now);
    this.logger.warn({ key: row.key, reason }, 'push given up');
  }
}
