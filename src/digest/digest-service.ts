/**
 * The digest feature's service: /digest and /alerts settings (validated), previews, `/digest now`,
 * and the tick that turns due slots into outbox rows with the key `digest:<id>:<slot>`.
 */
import { systemClock, type Clock } from '../core/command.js';
import { UserFacingError } from '../core/errors.js';
import type { Reply } from '../core/reply.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { closestMatches, didYouMean } from '../core/suggest.js';
import type { Outbox } from '../delivery/outbox.js';
import type { SubscriptionControl } from '../delivery/sender.js';
import { normalizeTerm } from './alert-match.js';
import type { AlertRepository } from './alert-repository.js';
import { composeDigest, type Composition } from './composer.js';
import type { DigestRecord, DigestRepository } from './digest-repository.js';
import type { AlertView, AlertsPort, DigestInput, DigestPort, DigestView } from './ports.js';
import { nextSlot, nextSlots, parseSchedule, parseTimezone, planDue, zonedDateTime } from './schedule.js';
import type { StoryFeed, TopicLabel } from './story-feed.js';

export interface DigestServiceOptions {
  digests: DigestRepository;
  alerts: AlertRepository;
  outbox: Outbox;
  feed: StoryFeed;
  topics: readonly TopicLabel[];
  clock?: Clock;
  logger?: Logger;
  /** A missed slot at most this late is still posted (marked delayed); default 2 h. */
  graceMs?: number;
  /** Alerts per conversation per hour (shown by /alerts list). */
  alertsPerHour?: number;
}

export const DEFAULT_MAX_ITEMS = 10;
const DUE_BATCH = 200;

/** Implements the /digest and /alerts ports, the tick, and the sender's subscription control. */
export class DigestService implements DigestPort, AlertsPort, SubscriptionControl {
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly opts: DigestServiceOptions) {
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  topics(): readonly TopicLabel[] {
    return this.opts.topics;
  }

  async resume(conversation: string): Promise<string | undefined> {
    const pause = await this.opts.digests.pauseOf(conversation);
    if (!pause) return undefined;
    await this.opts.digests.resume(conversation);
    this.logger.info({ conversation, reason: pause.reason }, 'deliveries resumed by a moderator');
    return pause.reason;
  }

  private parseTopics(text: string | undefined): string[] {
    if (!text || /^(all|\*)$/i.test(text.trim())) return [];
    const ids = this.opts.topics.map((t) => t.id);
    const wanted = [...new Set(text.split(/[,\s]+/).map((t) => t.trim().toLowerCase()).filter(Boolean))];
    for (const w of wanted) {
      if (!ids.includes(w)) {
        throw new UserFacingError('bad-argument', `"${w.slice(0, 40)}" is not a topic.${didYouMean(closestMatches(w, ids))} Topics: ${ids.join(', ')} (comma-separated, or all).`);
      }
    }
    return wanted;
  }

  async set(conversation: string, userId: string, input: DigestInput): Promise<DigestView> {
    const schedule = parseSchedule(input.schedule);
    const timezone = parseTimezone(input.timezone);
    const topics = this.parseTopics(input.topics);
    const max = input.max ?? DEFAULT_MAX_ITEMS;
    if (!Number.isInteger(max) || max < 1 || max > 20) throw new UserFacingError('out-of-range', `max must be between 1 and 20; got ${max}.`);
    const now = this.now();
    const record = await this.opts.digests.set(
      conversation,
      conversation.split(':')[0]!,
      { schedule: schedule.text, timezone, topics, maxItems: max, nextSlotAt: nextSlot(schedule, timezone, new Date(now)).getTime(), createdBy: userId },
      now,
    );
    return this.view(record);
  }

  private async view(d: DigestRecord): Promise<DigestView> {
    const schedule = parseSchedule(d.schedule);
    const pause = await this.opts.digests.pauseOf(d.conversation);
    const runs = [new Date(d.nextSlotAt), ...nextSlots(schedule, d.timezone, new Date(d.nextSlotAt), 2)];
    return {
      schedule: schedule.text,
      ...(schedule.time ? { time: schedule.time } : {}),
      timezone: d.timezone,
      topics: d.topics,
      maxItems: d.maxItems,
      nextRuns: runs,
      ...(d.lastRunAt !== null ? { lastRunAt: new Date(d.lastRunAt) } : {}),
      ...(d.lastOutcome ? { lastOutcome: d.lastOutcome } : {}),
      ...(pause ? { paused: `${pause.reason}${pause.detail ? ` (${pause.detail})` : ''}` } : {}),
    };
  }

  async show(conversation: string): Promise<DigestView | undefined> {
    const d = await this.opts.digests.get(conversation);
    return d ? this.view(d) : undefined;
  }

  private async requireDigest(conversation: string): Promise<DigestRecord> {
    const d = await this.opts.digests.get(conversation);
    if (!d) throw new UserFacingError('not-found', 'This conversation has no digest. Set one with /digest set daily 09:00 (optionally a time zone, topics and max).');
    return d;
  }

  private compose(d: DigestRecord, now: number, delayedSlot?: number): Promise<Composition> {
    return composeDigest(
      this.opts.feed,
      { topics: d.topics, maxItems: d.maxItems, cursorSeq: d.cursorSeq, lastRunAt: d.lastRunAt, timezone: d.timezone },
      this.opts.topics,
      now,
      delayedSlot !== undefined ? { delayedSlot } : {},
    );
  }

  async preview(conversation: string): Promise<{ reply?: Reply }> {
    const d = await this.requireDigest(conversation);
    const c = await this.compose(d, this.now());
    return c.reply ? { reply: c.reply } : {};
  }

  async postNow(conversation: string): Promise<{ count: number }> {
    const d = await this.requireDigest(conversation);
    const now = this.now();
    const c = await this.compose(d, now);
    if (!c.reply) {
      await this.opts.digests.recordRun(d.id, { at: now, outcome: `skipped: nothing new (at ${new Date(now).toISOString()})`, cursorSeq: c.lastSeq });
      return { count: 0 };
    }
    await this.opts.outbox.enqueue({ key: `digest:${d.id}:now-${now}`, kind: 'digest', conversation, payload: c.reply, digestId: d.id }, now);
    await this.opts.digests.recordRun(d.id, { at: now, outcome: `queued ${c.total} stories at ${new Date(now).toISOString()} (/digest now)`, cursorSeq: c.lastSeq });
    return { count: c.total };
  }

  async off(conversation: string): Promise<boolean> {
    return this.opts.digests.remove(conversation);
  }

  /**
   * One tick for every digest: each due slot is posted (or recorded as skipped or missed) once,
   * however many processes tick. Returns the number of digests queued.
   */
  async tick(): Promise<number> {
    const now = this.now();
    const grace = this.opts.graceMs ?? 2 * 3_600_000;
    let queued = 0;
    for (const d of await this.opts.digests.listDue(now, DUE_BATCH)) {
      try {
        queued += await this.runDue(d, now, grace);
      } catch (err) {
        this.logger.error({ err, digest: d.id }, 'digest slot failed; will retry on the next tick');
      }
    }
    return queued;
  }

  private async runDue(d: DigestRecord, now: number, grace: number): Promise<number> {
    const plan = planDue(parseSchedule(d.schedule), d.timezone, d.nextSlotAt, now, grace);
    // Compose and enqueue before claiming: a crash in between is redone by the next tick, and the
    // slot's unique key keeps it to one row.
    let c: Composition | undefined;
    let added = false;
    if (plan.post) {
      c = await this.compose(d, now, plan.post.delayed ? plan.post.slot : undefined);
      if (c.reply) {
        added = await this.opts.outbox.enqueue({ key: `digest:${d.id}:${plan.post.slot}`, kind: 'digest', conversation: d.conversation, payload: c.reply, digestId: d.id }, now);
      }
    }
    // Another process claimed the slot first: the row this tick enqueued (if any) is still the one row.
    if (!(await this.opts.digests.claimSlot(d.id, d.nextSlotAt, plan.nextSlotAt, now))) return added ? 1 : 0;
    const at = (t: number): string => zonedDateTime(new Date(t), d.timezone);
    let outcome: string;
    if (plan.post && c?.reply) outcome = `queued ${c.total} stories for ${at(plan.post.slot)}${plan.post.delayed ? ' (delayed)' : ''}`;
    else if (plan.post) outcome = `skipped: nothing new (${at(plan.post.slot)})`;
    else outcome = `missed while offline: ${plan.missed.length} slot${plan.missed.length === 1 ? '' : 's'}, last due ${at(plan.missed.at(-1)!)}`;
    if (plan.post && plan.missed.length) outcome += `; ${plan.missed.length} earlier slot(s) missed while offline`;
    await this.opts.digests.recordRun(d.id, { at: now, outcome, ...(c ? { cursorSeq: c.lastSeq } : {}) });
    if (!plan.post) this.logger.info({ digest: d.id, missed: plan.missed.length }, 'digest slots missed beyond the grace period');
    return added ? 1 : 0;
  }

  // ── alerts ──

  private alertView(text: string): { kind: 'topic' | 'words'; value: string; label: string } {
    const label = text.trim().replace(/^["“'](.*)["”']$/s, '$1').trim();
    const value = normalizeTerm(label);
    if (value.length < 2 || value.length > 100) throw new UserFacingError('bad-argument', 'Give a topic id or a word or phrase of 2-100 characters, e.g. /alerts subscribe cbdc or /alerts subscribe "digital yuan".');
    const topic = this.opts.topics.find((t) => t.id === value || normalizeTerm(t.label) === value);
    return topic ? { kind: 'topic', value: topic.id, label: topic.id } : { kind: 'words', value, label };
  }

  async subscribe(conversation: string, text: string): Promise<{ added: boolean; view: AlertView }> {
    const v = this.alertView(text);
    if ((await this.opts.alerts.list(conversation)).length >= 25) {
      throw new UserFacingError('out-of-range', 'This conversation already has 25 alert subscriptions; remove one with /alerts unsubscribe first.');
    }
    const added = await this.opts.alerts.subscribe(conversation, v.kind, v.value, v.label, this.now());
    return { added, view: { kind: v.kind, label: v.label } };
  }

  async list(conversation: string): Promise<{ subscriptions: AlertView[]; paused?: string; perHour: number }> {
    const subs = await this.opts.alerts.list(conversation);
    const pause = await this.opts.digests.pauseOf(conversation);
    return { subscriptions: subs.map((s) => ({ kind: s.kind, label: s.label })), ...(pause ? { paused: pause.reason } : {}), perHour: this.opts.alertsPerHour ?? 10 };
  }

  async unsubscribe(conversation: string, text: string): Promise<{ removed: boolean; view: AlertView }> {
    const v = this.alertView(text);
    return { removed: await this.opts.alerts.unsubscribe(conversation, v.value), view: { kind: v.kind, label: v.label } };
  }

  removeAll(conversation: string): Promise<number> {
    return this.opts.alerts.removeAll(conversation);
  }

  // ── what the sender reports ──

  async pause(conversation: string, reason: string, detail: string, now: number): Promise<void> {
    await this.opts.digests.pause(conversation, reason, detail, now);
  }

  async move(from: string, to: string, now: number): Promise<void> {
    await this.opts.digests.moveConversation(from, to, now);
    await this.opts.alerts.moveConversation(from, to);
  }

  async digestOutcome(digestId: number, outcome: string, now: number): Promise<void> {
    await this.opts.digests.recordOutcome(digestId, outcome, now);
  }
}
