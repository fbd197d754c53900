/** Tables of the outbox, the per-platform sender lease and the delivery log. */
import type { Generated } from 'kysely';

/** States of an outbox row. */
export type OutboxState = 'pending' | 'sending' | 'sent' | 'retry' | 'dead' | 'paused';

/** One push: destination, frozen payload, idempotency key and delivery progress. */
export interface OutboxRow {
  id: Generated<number>;
  /** Idempotency key (`digest:<id>:<slot>`, `alert:<conversation>:<story>`), unique. */
  key: string;
  kind: string;
  conversation: string;
  platform: string;
  /** The Reply as JSON, frozen when enqueued. */
  payload: string;
  state: OutboxState;
  /** Failed attempts (429s are not counted). */
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  /** Parts the platform accepted so far; a retry resumes after them. */
  sent_parts: number;
  last_error: string | null;
  /** JSON array of the platform's message ids once sent. */
  message_ids: string | null;
  /** The digest this row belongs to, for its last-run outcome. */
  digest_id: number | null;
  created_at: number;
  updated_at: number;
}

/** Which process may send for a platform, until when. */
export interface SenderLeaseRow {
  platform: string;
  owner: string;
  lease_until: number;
}

/** One line per delivery attempt outcome, for operators. */
export interface DeliveryLogRow {
  id: Generated<number>;
  outbox_id: number;
  key: string;
  conversation: string;
  outcome: string;
  detail: string;
  at: number;
}

/** The delivery feature's tables. */
export interface DeliveryTables {
  outbox: OutboxRow;
  sender_leases: SenderLeaseRow;
  delivery_log: DeliveryLogRow;
}
