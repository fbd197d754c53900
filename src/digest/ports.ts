/**
 * What the /digest and /alerts commands may ask of the digest feature: data in, data out, no SQL
 * and no platform code. DigestService implements both ports.
 */
import type { Reply } from '../core/reply.js';
import type { TopicLabel } from './story-feed.js';

/** `/digest set` input as typed (validated by the service). */
export interface DigestInput {
  schedule: string;
  timezone?: string;
  topics?: string;
  max?: number;
}

/** A digest as /digest show presents it. */
export interface DigestView {
  schedule: string;
  /** `HH:MM` in the digest's zone for the simple forms. */
  time?: string;
  timezone: string;
  topics: string[];
  maxItems: number;
  /** Next three slots (instants). */
  nextRuns: Date[];
  lastRunAt?: Date;
  lastOutcome?: string;
  /** Why pushes to this conversation are paused, if they are. */
  paused?: string;
}

/** Lifting a pause: every /digest or /alerts command a moderator runs in a paused conversation does it. */
export interface PauseControl {
  /** Resumes pushes to the conversation; returns the reason it was paused, if it was. */
  resume(conversation: string): Promise<string | undefined>;
}

/** The /digest command's port. */
export interface DigestPort extends PauseControl {
  topics(): readonly TopicLabel[];
  set(conversation: string, userId: string, input: DigestInput): Promise<DigestView>;
  show(conversation: string): Promise<(DigestView) | undefined>;
  /** What would be posted now; undefined when nothing is new. */
  preview(conversation: string): Promise<{ reply?: Reply }>;
  /** Queues the digest now through the outbox; `count` 0 means nothing new (skipped, recorded). */
  postNow(conversation: string): Promise<{ count: number }>;
  off(conversation: string): Promise<boolean>;
}

/** A subscription as /alerts list shows it. */
export interface AlertView {
  kind: 'topic' | 'words';
  label: string;
}

/** The /alerts command's port. */
export interface AlertsPort extends PauseControl {
  subscribe(conversation: string, text: string): Promise<{ added: boolean; view: AlertView }>;
  list(conversation: string): Promise<{ subscriptions: AlertView[]; paused?: string; perHour: number }>;
  unsubscribe(conversation: string, text: string): Promise<{ removed: boolean; view: AlertView }>;
  removeAll(conversation: string): Promise<number>;
}
