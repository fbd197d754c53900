/**
 * Digests and paused conversations in SQL (both dialects). Idempotency and cross-process safety
 * come from the table: a slot is claimed by moving `next_slot_at` conditionally.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Tables } from '../storage/tables.js';
import type { DeliveryPauseRow, DigestRow } from './digest-tables.js';

/** A digest as business code sees it. */
export interface DigestRecord {
  id: number;
  conversation: string;
  platform: string;
  schedule: string;
  timezone: string;
  topics: string[];
  maxItems: number;
  cursorSeq: number | null;
  nextSlotAt: number;
  lastRunAt: number | null;
  lastOutcome: string | null;
}

/** What `/digest set` stores. */
export interface DigestSettings {
  schedule: string;
  timezone: string;
  topics: readonly string[];
  maxItems: number;
  nextSlotAt: number;
  createdBy: string;
}

/** Why a conversation is paused. */
export interface PauseRecord {
  reason: string;
  detail: string;
  pausedAt: number;
}

function toRecord(r: Selectable<DigestRow>): DigestRecord {
  return {
    id: Number(r.id),
    conversation: r.conversation,
    platform: r.platform,
    schedule: r.schedule,
    timezone: r.timezone,
    topics: r.topics ? r.topics.split(',') : [],
    maxItems: r.max_items,
    cursorSeq: r.cursor_seq === null ? null : Number(r.cursor_seq),
    nextSlotAt: Number(r.next_slot_at),
    lastRunAt: r.last_run_at === null ? null : Number(r.last_run_at),
    lastOutcome: r.last_outcome,
  };
}

/** Reads and writes digests and pauses. */
export class DigestRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** Creates or replaces the conversation's digest; the cursor and last run are kept on replace. */
  async set(conversation: string, platform: string, s: DigestSettings, now: number): Promise<DigestRecord> {
    const values = {
      schedule: s.schedule,
      timezone: s.timezone,
      topics: s.topics.join(','),
      max_items: s.maxItems,
      next_slot_at: s.nextSlotAt,
      updated_at: now,
    };
    await this.db
      .insertInto('digests')
      .values({ conversation, platform, ...values, cursor_seq: null, last_run_at: null, last_outcome: null, created_by: s.createdBy, created_at: now })
      .onConflict((oc) => oc.column('conversation').doUpdateSet(values))
      .execute();
    return (await this.get(conversation))!;
  }

  async get(conversation: string): Promise<DigestRecord | undefined> {
    const row = await this.db.selectFrom('digests').selectAll().where('conversation', '=', conversation).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async getById(id: number): Promise<DigestRecord | undefined> {
    const row = await this.db.selectFrom('digests').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** Removes the digest; true when there was one. */
  async remove(conversation: string): Promise<boolean> {
    const res = await this.db.deleteFrom('digests').where('conversation', '=', conversation).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /** Digests whose next slot has come, in unpaused conversations, oldest slot first. */
  async listDue(now: number, limit: number): Promise<DigestRecord[]> {
    const rows = await this.db
      .selectFrom('digests')
      .selectAll()
      .where('next_slot_at', '<=', now)
      .where('conversation', 'not in', (q) => q.selectFrom('delivery_pauses').select('conversation'))
      .orderBy('next_slot_at')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  /**
   * Moves the digest from `expected` to `next` slot; false when another process (or a /digest set)
   * already moved it, in which case the caller must not post.
   */
  async claimSlot(id: number, expected: number, next: number, now: number): Promise<boolean> {
    const res = await this.db
      .updateTable('digests')
      .set({ next_slot_at: next, updated_at: now })
      .where('id', '=', id)
      .where('next_slot_at', '=', expected)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Records a run's outcome, and the new cursor when stories were covered. */
  async recordRun(id: number, run: { at: number; outcome: string; cursorSeq?: number }): Promise<void> {
    await this.db
      .updateTable('digests')
      .set({ last_run_at: run.at, last_outcome: run.outcome, updated_at: run.at, ...(run.cursorSeq !== undefined ? { cursor_seq: run.cursorSeq } : {}) })
      .where('id', '=', id)
      .execute();
  }

  /** Records an outcome without touching the run time (delivery results). */
  async recordOutcome(id: number, outcome: string, now: number): Promise<void> {
    await this.db.updateTable('digests').set({ last_outcome: outcome, updated_at: now }).where('id', '=', id).execute();
  }

  /** A group became a supergroup: the digest follows it (unless the new chat already has one). */
  async moveConversation(from: string, to: string, now: number): Promise<void> {
    const taken = await this.get(to);
    if (!taken) await this.db.updateTable('digests').set({ conversation: to, updated_at: now }).where('conversation', '=', from).execute();
  }

  async pause(conversation: string, reason: string, detail: string, now: number): Promise<void> {
    await this.db
      .insertInto('delivery_pauses')
      .values({ conversation, reason, detail: detail.slice(0, 300), paused_at: now })
      .onConflict((oc) => oc.column('conversation').doUpdateSet({ reason, detail: detail.slice(0, 300), paused_at: now }))
      .execute();
  }

  /** Lifts a pause; true when the conversation was paused. */
  async resume(conversation: string): Promise<boolean> {
    const res = await this.db.deleteFrom('delivery_pauses').where('conversation', '=', conversation).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async pauseOf(conversation: string): Promise<PauseRecord | undefined> {
    const row: Selectable<DeliveryPauseRow> | undefined = await this.db
      .selectFrom('delivery_pauses')
      .selectAll()
      .where('conversation', '=', conversation)
      .executeTakeFirst();
    return row ? { reason: row.reason, detail: row.detail, pausedAt: Number(row.paused_at) } : undefined;
  }

  /** Number of digests (metrics, benchmarks). */
  async count(): Promise<number> {
    const row = await this.db.selectFrom('digests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
