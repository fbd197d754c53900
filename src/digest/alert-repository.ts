/** Alert subscriptions, the matcher's durable cursor and the hourly overflow counts, in SQL. */
import type { Kysely } from 'kysely';
import type { Tables } from '../storage/tables.js';

/** One subscription as business code sees it. */
export interface Subscription {
  id: number;
  conversation: string;
  kind: 'topic' | 'words';
  /** Normalised (NFKC, lower case). */
  value: string;
  label: string;
}

/** Overflow of one conversation in one hour. */
export interface Overflow {
  conversation: string;
  hourStart: number;
  count: number;
}

/** Reads and writes alert subscriptions and the matcher's state. */
export class AlertRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** Adds a subscription; false when the conversation already has this value. */
  async subscribe(conversation: string, kind: 'topic' | 'words', value: string, label: string, now: number): Promise<boolean> {
    const res = await this.db
      .insertInto('alert_subscriptions')
      .values({ conversation, platform: conversation.split(':')[0]!, kind, value, label, created_at: now })
      .onConflict((oc) => oc.columns(['conversation', 'value']).doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Removes one subscription by value; false when there was none. */
  async unsubscribe(conversation: string, value: string): Promise<boolean> {
    const res = await this.db.deleteFrom('alert_subscriptions').where('conversation', '=', conversation).where('value', '=', value).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /** Removes every subscription of a conversation; returns how many. */
  async removeAll(conversation: string): Promise<number> {
    const res = await this.db.deleteFrom('alert_subscriptions').where('conversation', '=', conversation).executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  async list(conversation: string): Promise<Subscription[]> {
    const rows = await this.db.selectFrom('alert_subscriptions').selectAll().where('conversation', '=', conversation).orderBy('id').execute();
    return rows.map((r) => ({ id: Number(r.id), conversation: r.conversation, kind: r.kind, value: r.value, label: r.label }));
  }

  /** Every subscription in unpaused conversations (the matcher holds them for one pass). */
  async active(): Promise<Subscription[]> {
    const rows = await this.db
      .selectFrom('alert_subscriptions')
      .select(['id', 'conversation', 'kind', 'value', 'label'])
      .where('conversation', 'not in', (q) => q.selectFrom('delivery_pauses').select('conversation'))
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: Number(r.id), conversation: r.conversation, kind: r.kind, value: r.value, label: r.label }));
  }

  /** Moves subscriptions to a new conversation id (values the new one already has are dropped). */
  async moveConversation(from: string, to: string): Promise<void> {
    for (const s of await this.list(from)) {
      await this.subscribe(to, s.kind, s.value, s.label, 0);
    }
    await this.removeAll(from);
  }

  /** The matcher's position; undefined before its first pass. */
  async cursor(name: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('alert_cursors').select('seq').where('name', '=', name).executeTakeFirst();
    return row ? Number(row.seq) : undefined;
  }

  /** Creates the cursor at `seq` unless it exists; returns the stored value. */
  async initCursor(name: string, seq: number, now: number): Promise<number> {
    await this.db.insertInto('alert_cursors').values({ name, seq, updated_at: now }).onConflict((oc) => oc.column('name').doNothing()).execute();
    return (await this.cursor(name))!;
  }

  /** Moves the cursor from `expected` to `seq`; false when another process moved it first. */
  async advanceCursor(name: string, expected: number, seq: number, now: number): Promise<boolean> {
    const res = await this.db
      .updateTable('alert_cursors')
      .set({ seq, updated_at: now })
      .where('name', '=', name)
      .where('seq', '=', expected)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Counts one alert over the cap. */
  async addOverflow(conversation: string, hourStart: number): Promise<void> {
    await this.db
      .insertInto('alert_overflow')
      .values({ conversation, hour_start: hourStart, count: 1, flushed: 0 })
      .onConflict((oc) => oc.columns(['conversation', 'hour_start']).doUpdateSet((eb) => ({ count: eb('alert_overflow.count', '+', 1) })))
      .execute();
  }

  /** Overflows of hours that have ended and are not yet announced. */
  async endedOverflows(currentHourStart: number): Promise<Overflow[]> {
    const rows = await this.db
      .selectFrom('alert_overflow')
      .selectAll()
      .where('hour_start', '<', currentHourStart)
      .where('flushed', '=', 0)
      .execute();
    return rows.map((r) => ({ conversation: r.conversation, hourStart: Number(r.hour_start), count: r.count }));
  }

  async markOverflowFlushed(conversation: string, hourStart: number): Promise<void> {
    await this.db.updateTable('alert_overflow').set({ flushed: 1 }).where('conversation', '=', conversation).where('hour_start', '=', hourStart).execute();
  }
}
