/**
 * Digests, alert subscriptions and their cursor, paused conversations, the outbox, the
 * per-platform sender lease and the delivery log (issue 9).
 */
import type { Kysely, Migration } from 'kysely';
import type { SqlDialect } from '../database.js';
import { bigint, notNullZero, withSerialId } from './dialect.js';

export function delivery0002(dialect: SqlDialect): Migration {
  const big = bigint(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await withSerialId(db.schema.createTable('digests'), dialect)
        .addColumn('conversation', 'text', (c) => c.notNull().unique())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('schedule', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addColumn('topics', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('max_items', 'integer', (c) => c.notNull())
        .addColumn('cursor_seq', big)
        .addColumn('next_slot_at', big, (c) => c.notNull())
        .addColumn('last_run_at', big)
        .addColumn('last_outcome', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('digests_next_slot').on('digests').column('next_slot_at').execute();

      await withSerialId(db.schema.createTable('alert_subscriptions'), dialect)
        .addColumn('conversation', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addUniqueConstraint('alert_subscriptions_conversation_value', ['conversation', 'value'])
        .execute();

      await db.schema
        .createTable('alert_cursors')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('seq', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('alert_overflow')
        .addColumn('conversation', 'text', (c) => c.notNull())
        .addColumn('hour_start', big, (c) => c.notNull())
        .addColumn('count', 'integer', notNullZero)
        .addColumn('flushed', 'integer', notNullZero)
        .addPrimaryKeyConstraint('alert_overflow_pk', ['conversation', 'hour_start'])
        .execute();

      await db.schema
        .createTable('delivery_pauses')
        .addColumn('conversation', 'text', (c) => c.primaryKey())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('paused_at', big, (c) => c.notNull())
        .execute();

      await withSerialId(db.schema.createTable('outbox'), dialect)
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('conversation', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', notNullZero)
        .addColumn('next_attempt_at', big, (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', big)
        .addColumn('sent_parts', 'integer', notNullZero)
        .addColumn('last_error', 'text')
        .addColumn('message_ids', 'text')
        .addColumn('digest_id', big)
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('outbox_claim').on('outbox').columns(['platform', 'state', 'next_attempt_at']).execute();
      await db.schema.createIndex('outbox_conversation').on('outbox').columns(['conversation', 'kind', 'created_at']).execute();

      await db.schema
        .createTable('sender_leases')
        .addColumn('platform', 'text', (c) => c.primaryKey())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('lease_until', big, (c) => c.notNull())
        .execute();

      await withSerialId(db.schema.createTable('delivery_log'), dialect)
        .addColumn('outbox_id', big, (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('conversation', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('at', big, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of ['delivery_log', 'sender_leases', 'outbox', 'delivery_pauses', 'alert_overflow', 'alert_cursors', 'alert_subscriptions', 'digests']) {
        await db.schema.dropTable(t).execute();
      }
    },
  };
}
