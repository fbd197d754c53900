/**
 * The port through which digests and alerts read stored stories in ingest order. The storage
 * layer's story repository implements it (through a thin adapter); tests use an in-memory one.
 */

/** One stored story as digests and alerts see it. */
export interface FeedStory {
  /** Monotonic ingest sequence: 1, 2, 3 … across every process. */
  seq: number;
  id: string;
  /** Untrusted (from a feed): sanitised before it reaches a chat. */
  title: string;
  url: string;
  /** ISO time. */
  publishedAt: string;
  /** Outlets that carried it; `weight` is the source's configured weight (default 1). */
  outlets: Array<{ name: string; weight?: number }>;
  /** Topic ids the classifier gave it. */
  topics: string[];
  /** Found by a source's first (backfill) pass: never alerts. */
  firstPass: boolean;
}

/** Reads stories by ingest sequence. */
export interface StoryFeed {
  /** The newest sequence number stored (0 when empty). */
  latestSequence(): Promise<number>;
  /** Stories with `seq > afterSeq`, ascending, at most `limit`, optionally only those tagged with one of `topics`. */
  listSince(q: { afterSeq: number; limit: number; topics?: readonly string[] }): Promise<FeedStory[]>;
}

/** A topic id and the label shown for it. */
export interface TopicLabel {
  id: string;
  label: string;
}

/** An in-memory feed (tests, the console demo, benchmarks). */
export class MemoryStoryFeed implements StoryFeed {
  private readonly stories: FeedStory[] = [];

  /** Appends a story with the next sequence number and returns it. */
  add(story: Omit<FeedStory, 'seq'>): FeedStory {
    const full = { ...story, seq: this.stories.length + 1 };
    this.stories.push(full);
    return full;
  }

  async latestSequence(): Promise<number> {
    return this.stories.length;
  }

  async listSince(q: { afterSeq: number; limit: number; topics?: readonly string[] }): Promise<FeedStory[]> {
    const out: FeedStory[] = [];
    for (const s of this.stories.slice(Math.max(0, q.afterSeq))) {
      if (q.topics && q.topics.length && !s.topics.some((t) => q.topics!.includes(t))) continue;
      out.push(s);
      if (out.length >= q.limit) break;
    }
    return out;
  }
}
