/**
 * The outbox: every push is a row (destination, payload frozen at enqueue, unique key, state).
 * Rows are claimed with a lease in one statement — SQLite `UPDATE … RETURNING`, PostgreSQL the same
 * with `FOR UPDATE SKIP LOCKED` — so several processes never send one row at the same time.
 */
import type { Kysely, Selectable } from 'kysely';
import type { SqlDialect } from '../storage/database.js';
import type { Tables } from '../storage/tables.js';
import type { OutboxRow, OutboxState } from './delivery-tables.js';

/** A claimed or listed outbox row, as the sender sees it. */
export type OutboxEntry = Selectable<OutboxRow> & { id: number };

/** What is enqueued. */
export interface EnqueueRequest {
  key: string;
  kind: 'digest' | 'alert' | 'alert-overflow' | 'notice';
  conversation: string;
  /** The Reply, serialised now and never re-composed. */
  payload: unknown;
  digestId?: number;
  /** Earliest send time (default now). */
  notBefore?: number;
}

const OPEN_STATES: OutboxState[] = ['pending', 'retry', 'sending'];

/** Typed access to the outbox, the sender leases and the delivery log. */
export class Outbox {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly dialect: SqlDialect,
  ) {}

  /** Adds a row unless its key exists; true when this call added it. */
  async enqueue(req: EnqueueRequest, now: number): Promise<boolean> {
    const platform = req.conversation.split(':')[0]!;
    const res = await this.db
      .insertInto('outbox')
      .values({
        key: req.key,
        kind: req.kind,
        conversation: req.conversation,
        platform,
        payload: JSON.stringify(req.payload),
        state: 'pending',
        attempts: 0,
        next_attempt_at: req.notBefore ?? now,
        lease_owner: null,
        lease_until: null,
        sent_parts: 0,
        last_error: null,
        message_ids: null,
        digest_id: req.digestId ?? null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Claims up to `limit` due rows of a platform (pending, retry, or sending with an expired lease). */
  async claim(platform: string, owner: string, now: number, leaseMs: number, limit: number): Promise<OutboxEntry[]> {
    const rows = await this.db
      .updateTable('outbox')
      .set({ state: 'sending', lease_owner: owner, lease_until: now + leaseMs, updated_at: now })
      .where('id', 'in', (q) =>
        q
          .selectFrom('outbox')
          .select('id')
          .where('platform', '=', platform)
          .where((eb) =>
            eb.or([
              eb.and([eb('state', 'in', ['pending', 'retry']), eb('next_attempt_at', '<=', now)]),
              eb.and([eb('state', '=', 'sending'), eb('lease_until', '<', now)]),
            ]),
          )
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit)
          .$if(this.dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
      )
      .returningAll()
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) })).sort((a, b) => a.id - b.id);
  }

  /**
   * Makes rows a dead sender left in flight claimable now. Only the holder of the platform's
   * sender lease calls this (one sender per platform), so nobody else is sending them.
   */
  async reclaimOrphans(platform: string, owner: string, now: number): Promise<number> {
    const res = await this.db
      .updateTable('outbox')
      .set({ state: 'pending', lease_owner: null, lease_until: null, next_attempt_at: now, updated_at: now })
      .where('platform', '=', platform)
      .where('state', '=', 'sending')
      .where((eb) => eb.or([eb('lease_owner', '!=', owner), eb('lease_owner', 'is', null)]))
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  /** Moves a claimed row on; only the lease owner's update counts. */
  async settle(id: number, owner: string, patch: Partial<Pick<OutboxRow, 'state' | 'attempts' | 'next_attempt_at' | 'sent_parts' | 'last_error' | 'message_ids' | 'conversation'>>, now: number): Promise<boolean> {
    const res = await this.db
      .updateTable('outbox')
      .set({ ...patch, lease_owner: null, lease_until: null, updated_at: now })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Parks a conversation's unsent rows (it refuses pushes). */
  async pauseConversation(conversation: string, reason: string, now: number): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ state: 'paused', last_error: reason, updated_at: now })
      .where('conversation', '=', conversation)
      .where('state', 'in', ['pending', 'retry'])
      .execute();
  }

  /** Points a conversation's unsent rows at its new id (Telegram group → supergroup). */
  async moveConversation(from: string, to: string, now: number): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ conversation: to, updated_at: now })
      .where('conversation', '=', from)
      .where('state', 'in', ['pending', 'retry'])
      .execute();
  }

  async get(key: string): Promise<OutboxEntry | undefined> {
    const row = await this.db.selectFrom('outbox').selectAll().where('key', '=', key).executeTakeFirst();
    return row ? { ...row, id: Number(row.id) } : undefined;
  }

  /** Rows of a kind a conversation got since `since` (alert caps). */
  async countSince(conversation: string, kind: string, since: number): Promise<number> {
    const row = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('conversation', '=', conversation)
      .where('kind', '=', kind)
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Unsent rows and the age of the oldest, for /health and metrics. */
  async stats(now: number): Promise<{ pending: number; oldestAgeS: number }> {
    const row = await this.db
      .selectFrom('outbox')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
      .where('state', 'in', OPEN_STATES)
      .executeTakeFirstOrThrow();
    const oldest = row.oldest === null || row.oldest === undefined ? now : Number(row.oldest);
    return { pending: Number(row.n), oldestAgeS: Math.max(0, Math.round((now - oldest) / 1000)) };
  }

  /** Appends a line to the delivery log. */
  async log(entry: { outboxId: number; key: string; conversation: string; outcome: string; detail: string }, now: number): Promise<void> {
    await this.db
      .insertInto('delivery_log')
      .values({ outbox_id: entry.outboxId, key: entry.key, conversation: entry.conversation, outcome: entry.outcome, detail: entry.detail.slice(0, 500), at: now })
      .execute();
  }

  /**
   * Takes or renews the platform's sender lease: true when `owner` holds it until `now + ttlMs`.
   * One active sender per platform across processes keeps the platform's limits.
   */
  async acquireSenderLease(platform: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    await this.db
      .insertInto('sender_leases')
      .values({ platform, owner, lease_until: now + ttlMs })
      .onConflict((oc) =>
        oc
          .column('platform')
          .doUpdateSet({ owner, lease_until: now + ttlMs })
          .where((eb) => eb.or([eb('sender_leases.lease_until', '<', now), eb('sender_leases.owner', '=', owner)])),
      )
      .execute();
    const row = await this.db.selectFrom('sender_leases').select('owner').where('platform', '=', platform).executeTakeFirst();
    return row?.owner === owner;
  }

  /** Gives the lease up (clean shutdown), so another process can take over at once. */
  async releaseSenderLease(platform: string, owner: string): Promise<void> {
    await this.db.deleteFrom('sender_leases').where('platform', '=', platform).where('owner', '=', owner).execute();
  }
}
