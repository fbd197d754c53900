/**
 * Wires digests, alerts and the outbox for one process: the service commands use, the tick
 * (node-cron, every few seconds) that enqueues due digests, the alert matcher's poll, and one
 * sender per platform push port. Any number of processes may run this on one PostgreSQL.
 */
import cron from 'node-cron';
import { systemClock, type Clock } from '../core/command.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { PushPort } from '../core/push.js';
import { Outbox } from '../delivery/outbox.js';
import { OutboxSender } from '../delivery/sender.js';
import type { Database } from '../storage/database.js';
import { AlertMatcher } from './alert-matcher.js';
import { AlertRepository } from './alert-repository.js';
import { DigestRepository } from './digest-repository.js';
import { DigestService } from './digest-service.js';
import type { StoryFeed, TopicLabel } from './story-feed.js';

/** Settings read from Config. */
export interface DeliverySettings {
  DIGEST_GRACE_MS: number;
  ALERTS_PER_HOUR: number;
  DIGEST_TICK_SECONDS: number;
  ALERT_POLL_SECONDS: number;
}

export interface DeliveryRuntimeOptions {
  database: Database;
  feed: StoryFeed;
  topics: readonly TopicLabel[];
  settings: DeliverySettings;
  clock?: Clock;
  logger?: Logger;
}

/** The running delivery side of a process. */
export interface DeliveryRuntime {
  service: DigestService;
  outbox: Outbox;
  /** Unsent rows and the oldest one's age, for the health endpoint. */
  outboxStats(): Promise<{ pending: number; oldestAgeS: number }>;
  /** Starts the digest tick and the alert matcher; returns their stopper. */
  startScheduling(): () => Promise<void>;
  /** Starts a sender for one platform's push port; returns its stopper (finishes in-flight sends, bounded). */
  startSender(port: PushPort, opts?: { concurrency?: number }): () => Promise<void>;
}

/** Builds the runtime; nothing runs until startScheduling / startSender. */
export function createDeliveryRuntime(opts: DeliveryRuntimeOptions): DeliveryRuntime {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? silentLogger;
  const { db, dialect } = opts.database;
  const digests = new DigestRepository(db);
  const alerts = new AlertRepository(db);
  const outbox = new Outbox(db, dialect);
  const s = opts.settings;
  const service = new DigestService({ digests, alerts, outbox, feed: opts.feed, topics: opts.topics, clock, logger, graceMs: s.DIGEST_GRACE_MS, alertsPerHour: s.ALERTS_PER_HOUR });
  return {
    service,
    outbox,
    outboxStats: () => outbox.stats(clock.now().getTime()),
    startScheduling() {
      let ticking: Promise<unknown> | undefined;
      const tick = (): void => {
        ticking ??= service
          .tick()
          .catch((err: unknown) => logger.warn({ err }, 'digest tick failed'))
          .finally(() => (ticking = undefined));
      };
      tick(); // catch-up of slots missed while the process was down, at start-up
      const task = cron.schedule(`*/${s.DIGEST_TICK_SECONDS} * * * * *`, tick, { noOverlap: true, name: 'digest-tick' });
      const matcher = new AlertMatcher({ feed: opts.feed, alerts, outbox, topics: opts.topics, perHour: s.ALERTS_PER_HOUR, clock, logger });
      matcher.start(s.ALERT_POLL_SECONDS * 1000);
      return async () => {
        await task.stop();
        await matcher.stop();
        await ticking;
      };
    },
    startSender(port, sendOpts = {}) {
      const sender = new OutboxSender({ outbox, port, control: service, clock, logger, ...(sendOpts.concurrency ? { concurrency: sendOpts.concurrency } : {}) });
      sender.start();
      logger.info({ platform: port.platform, owner: sender.owner }, 'outbox sender started');
      return () => sender.stop(10_000);
    },
  };
}
