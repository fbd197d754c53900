/**
 * The alert matcher follows the ingest sequence with a durable cursor, so stories stored by any
 * process are matched and queued. One alert per story per conversation (key
 * `alert:<conversation>:<story>`), a per-conversation hourly cap, the overflow folded into one
 * "N more" message when the hour ends. First-pass (backfill) stories never alert.
 */
import { systemClock, type Clock } from '../core/command.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { Reply } from '../core/reply.js';
import type { Outbox } from '../delivery/outbox.js';
import { matchStory } from './alert-match.js';
import type { AlertRepository, Subscription } from './alert-repository.js';
import { storyItem } from './composer.js';
import type { FeedStory, StoryFeed, TopicLabel } from './story-feed.js';

export const ALERT_CURSOR = 'alerts';
const HOUR = 3_600_000;
const BATCH = 200;

export interface AlertMatcherOptions {
  feed: StoryFeed;
  alerts: AlertRepository;
  outbox: Outbox;
  topics: readonly TopicLabel[];
  /** Alerts per conversation per clock hour (default 10). */
  perHour?: number;
  clock?: Clock;
  logger?: Logger;
}

/** The alert message for one story. */
export function alertReply(story: FeedStory, sub: Subscription, topics: readonly TopicLabel[]): Reply {
  const what = sub.kind === 'topic' ? `topic ${topics.find((t) => t.id === sub.value)?.label ?? sub.value}` : `"${sub.label}"`;
  return {
    title: `Alert: ${what}`,
    sections: [{ items: [storyItem(story, 'UTC')] }],
    footer: 'Headline from the outlet named; chainbrief has not checked it. /alerts list shows your subscriptions.',
  };
}

/** Matches new stories against subscriptions and enqueues alerts. */
export class AlertMatcher {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private running: Promise<number> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: AlertMatcherOptions) {
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
  }

  /** Polls every `intervalMs` (passes never overlap). */
  start(intervalMs = 3_000): void {
    this.timer ??= setInterval(() => void this.pass().catch((err: unknown) => this.logger.warn({ err }, 'alert pass failed')), intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass over everything stored since the cursor; returns alerts enqueued. */
  pass(): Promise<number> {
    this.running ??= this.passOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async passOnce(): Promise<number> {
    const { feed, alerts, outbox } = this.opts;
    const now = this.clock.now().getTime();
    const hourStart = Math.floor(now / HOUR) * HOUR;
    // The first pass starts at the newest story: history never alerts.
    let cursor = (await alerts.cursor(ALERT_CURSOR)) ?? (await alerts.initCursor(ALERT_CURSOR, await feed.latestSequence(), now));
    let queued = 0;
    for (;;) {
      const stories = await feed.listSince({ afterSeq: cursor, limit: BATCH });
      if (stories.length === 0) break;
      const subs = await alerts.active();
      const counts = new Map<string, number>();
      for (const story of stories) {
        if (story.firstPass) continue;
        for (const [conversation, sub] of matchStory(story, subs)) {
          const sent = counts.get(conversation) ?? (await outbox.countSince(conversation, 'alert', hourStart));
          if (sent >= (this.opts.perHour ?? 10)) {
            await alerts.addOverflow(conversation, hourStart);
            continue;
          }
          const added = await outbox.enqueue({ key: `alert:${conversation}:${story.id}`, kind: 'alert', conversation, payload: alertReply(story, sub, this.opts.topics) }, now);
          counts.set(conversation, sent + (added ? 1 : 0));
          if (added) queued++;
        }
      }
      const last = stories.at(-1)!.seq;
      if (!(await alerts.advanceCursor(ALERT_CURSOR, cursor, last, now))) break; // another process is ahead
      cursor = last;
      if (stories.length < BATCH) break;
    }
    await this.flushOverflow(hourStart, now);
    return queued;
  }

  private async flushOverflow(hourStart: number, now: number): Promise<void> {
    const { alerts, outbox } = this.opts;
    for (const o of await alerts.endedOverflows(hourStart)) {
      const reply: Reply = {
        title: `${o.count} more alert${o.count === 1 ? '' : 's'}`,
        text: `${o.count} more matching ${o.count === 1 ? 'story was' : 'stories were'} held back in the last hour (at most ${this.opts.perHour ?? 10} alerts per hour). See them with /news.`,
      };
      await outbox.enqueue({ key: `alerts-more:${o.conversation}:${o.hourStart}`, kind: 'alert-overflow', conversation: o.conversation, payload: reply }, now);
      await alerts.markOverflowFlushed(o.conversation, o.hourStart);
    }
  }
}
