/** Tables of scheduled digests and alert subscriptions, as the typed query layer sees them. */
import type { Generated } from 'kysely';

/** One digest per conversation: its schedule, what it covers and how its last run went. */
export interface DigestRow {
  id: Generated<number>;
  conversation: string;
  platform: string;
  /** Canonical schedule text: `daily 09:00`, `weekdays 08:30`, `weekly mon 09:00` or a cron. */
  schedule: string;
  timezone: string;
  /** Comma-separated topic ids; empty for all topics. */
  topics: string;
  max_items: number;
  /** Ingest sequence of the newest story already covered; null before the first digest. */
  cursor_seq: number | null;
  /** Epoch ms of the next slot the tick will handle. */
  next_slot_at: number;
  last_run_at: number | null;
  /** `sent`, `skipped`, `missed`, `queued`, `paused`, `dead` plus detail; shown by /digest show. */
  last_outcome: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

/** One alert subscription: a topic id or a literal (normalised) word or phrase. */
export interface AlertSubscriptionRow {
  id: Generated<number>;
  conversation: string;
  platform: string;
  kind: 'topic' | 'words';
  /** NFKC + lower-cased; unique per conversation. */
  value: string;
  /** As typed, for display. */
  label: string;
  created_at: number;
}

/** Durable position of a follower of the ingest sequence (the alert matcher). */
export interface AlertCursorRow {
  name: string;
  seq: number;
  updated_at: number;
}

/** Alerts over a conversation's hourly cap, folded into one "N more" message when the hour ends. */
export interface AlertOverflowRow {
  conversation: string;
  hour_start: number;
  count: number;
  flushed: number;
}

/** A conversation whose pushes are paused (blocked, removed, no permission) until a moderator acts. */
export interface DeliveryPauseRow {
  conversation: string;
  reason: string;
  detail: string;
  paused_at: number;
}

/** The digest feature's tables. */
export interface DigestTables {
  digests: DigestRow;
  alert_subscriptions: AlertSubscriptionRow;
  alert_cursors: AlertCursorRow;
  alert_overflow: AlertOverflowRow;
  delivery_pauses: DeliveryPauseRow;
}
