/**
 * Test wiring for the digest feature: the real service, repositories and sender on a real test
 * database, a settable clock, an in-memory story feed, and a push port that records what it was
 * given and answers with scripted outcomes (for unit tests of the sender's decisions; the e2e
 * tests use the real adapters against the platform fakes).
 */
import type { Services } from '../../commands/services.js';
import { createApp } from '../../src/app.js';
import type { Clock } from '../../src/core/command.js';
import type { BotCore } from '../../src/core/dispatch.js';
import type { ConversationRef, Platform } from '../../src/core/conversation.js';
import type { DeliverOptions, DeliveryOutcome, PushPort } from '../../src/core/push.js';
import type { Reply } from '../../src/core/reply.js';
import { Outbox } from '../../src/delivery/outbox.js';
import { OutboxSender, type SenderOptions } from '../../src/delivery/sender.js';
import { AlertRepository } from '../../src/digest/alert-repository.js';
import { DigestRepository } from '../../src/digest/digest-repository.js';
import { DigestService } from '../../src/digest/digest-service.js';
import { MemoryStoryFeed, type FeedStory, type TopicLabel } from '../../src/digest/story-feed.js';
import type { Database } from '../../src/storage/database.js';
import { freshSqlite } from './databases.js';

/** A clock tests move by hand. */
export class TestClock implements Clock {
  constructor(public t: number) {}
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** One recorded delivery. */
export interface Delivered {
  conversation: ConversationRef;
  reply: Reply;
  opts: DeliverOptions;
}

/** Records deliveries; answers `sent` unless a scripted outcome is queued for the conversation. */
export class ScriptedPort implements PushPort {
  readonly delivered: Delivered[] = [];
  private readonly script = new Map<string, DeliveryOutcome[]>();
  private n = 0;
  constructor(readonly platform: Platform) {}
  /** Queues outcomes for a conversation's next deliveries. */
  answer(conversation: string, ...outcomes: DeliveryOutcome[]): void {
    this.script.set(conversation, [...(this.script.get(conversation) ?? []), ...outcomes]);
  }
  async deliver(conversation: ConversationRef, reply: Reply, opts: DeliverOptions): Promise<DeliveryOutcome> {
    this.delivered.push({ conversation, reply, opts });
    const next = this.script.get(conversation)?.shift();
    return next ?? { status: 'sent', messageIds: [`m${++this.n}`] };
  }
}

export const TOPICS: TopicLabel[] = [
  { id: 'cbdc', label: 'CBDCs' },
  { id: 'policy', label: 'Policy' },
  { id: 'china-blockchain', label: 'China blockchain' },
];

/** A story for the feed, published at `at`. */
export function story(id: string, title: string, at: string, topics: string[] = ['cbdc'], extra: Partial<FeedStory> = {}): Omit<FeedStory, 'seq'> {
  return { id, title, url: `https://news.example/${id}`, publishedAt: at, outlets: [{ name: 'Example News' }], topics, firstPass: false, ...extra };
}

/** Everything a digest test needs, on one database. */
export function digestRig(database: Database, clock: TestClock, opts: { perHour?: number } = {}) {
  const digests = new DigestRepository(database.db);
  const alerts = new AlertRepository(database.db);
  const outbox = new Outbox(database.db, database.dialect);
  const feed = new MemoryStoryFeed();
  const service = new DigestService({ digests, alerts, outbox, feed, topics: TOPICS, clock, ...(opts.perHour ? { alertsPerHour: opts.perHour } : {}) });
  const sender = (port: PushPort, extra: Partial<SenderOptions> = {}): OutboxSender =>
    new OutboxSender({ outbox, port, control: service, clock, random: () => 0.5, ...extra });
  return { digests, alerts, outbox, feed, service, sender };
}

/** A platform adapter harness (Discord or Telegram fake) exposing the adapter's push port. */
interface PushHarness {
  adapter: { push: PushPort };
  close(): Promise<void>;
}

/** The e2e wiring: a fresh SQLite store, the app with the digest services, a harness and a sender on its push port. */
export interface PlatformRig<H extends PushHarness> {
  h: H;
  rig: ReturnType<typeof digestRig>;
  sender: OutboxSender;
  /** One sender round: claim what is due and wait for those deliveries. */
  send(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the e2e wiring; `start` launches the platform harness with the app's core. */
export async function platformRig<H extends PushHarness>(clock: TestClock, start: (core: BotCore<Services>) => Promise<H>): Promise<PlatformRig<H>> {
  const t = await freshSqlite();
  const rig = digestRig(t.database, clock);
  const { core } = await createApp({ extraServices: { digests: rig.service, alerts: rig.service } });
  const h = await start(core);
  const sender = rig.sender(h.adapter.push);
  return {
    h,
    rig,
    sender,
    async send() {
      await sender.runOnce();
      await sender.drain();
    },
    async close() {
      await sender.stop(2000);
      await h.close();
      await t.cleanup();
    },
  };
}
