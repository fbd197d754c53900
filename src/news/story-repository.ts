/**
 * The news store's port: stories (with outlets and topics) in ingest-sequence order, source state
 * and the last-ingest mark. Business code sees only this interface; the SQL lives in
 * sql-story-repository.ts.
 */
import type { IngestStatus } from './news-service.js';
import type { SourceState, Story, StorySource, StoredStory } from './types.js';

/** What the near-duplicate title index needs of a stored story. */
export interface StoryHead {
  id: string;
  title: string;
  publishedAt: string;
  sourceIds: string[];
}

/** Everything one document adds to the store, written in one transaction. */
export interface StoryBatch {
  /** New stories (their own outlet, topics; URL and GUID keys come in `urls`/`guids`). */
  created: Story[];
  /** Outlets joining existing stories. */
  outlets: Array<{ storyId: string; outlet: StorySource }>;
  /** Canonical-URL keys → story id (new stories' own keys and other outlets' aliases). */
  urls: Array<[urlKey: string, storyId: string]>;
  /** This source's GUID keys → story id. */
  guids: Array<[guidKey: string, storyId: string]>;
  sourceId: string;
}

/**
 * A story-writing transaction. Story writers are serialised (one at a time, across processes), so
 * what it reads is exactly what is committed, and the sequences it hands out follow commit order.
 */
export interface StoryWriter {
  /** The last ingest sequence committed when this writer started. */
  readonly sequence: number;
  /** Story ids behind canonical-URL keys and behind this source's GUID keys. */
  identify(sourceId: string, urlKeys: string[], guidKeys: string[]): Promise<{ urls: Map<string, string>; guids: Map<string, string> }>;
  /** Title, time and outlets of the given stories. */
  heads(ids: string[]): Promise<StoryHead[]>;
  /** Heads of stories with a sequence above `seq` (written by other processes since). */
  headsAfter(seq: number): Promise<StoryHead[]>;
  /** Writes the batch; returns the sequence of each created story (same order) and the new last one. */
  save(batch: StoryBatch): Promise<{ seqs: number[]; last: number }>;
}

/** Options of listSince (digests and alert matching). */
export interface ListSinceOptions {
  afterSeq: number;
  limit: number;
  /** Only stories tagged with one of these topics. */
  topics?: string[];
}

/** Stories, source states and the ingest mark. */
export interface StoryRepository {
  /** Stories published longer ago than this are pruned and never listed. */
  readonly retentionMs: number;
  /** Runs `fn` as the only story writer (serialised across processes), in one transaction. */
  write<T>(fn: (w: StoryWriter) => Promise<T>): Promise<T>;
  /** The highest ingest sequence committed so far (0 for an empty store). */
  latestSequence(): Promise<number>;
  /** Stories with a sequence above `afterSeq`, oldest first. */
  listSince(opts: ListSinceOptions): Promise<StoredStory[]>;
  /** Newest stories first (by publication time), optionally of one topic, within retention. */
  listRecent(opts: { topic?: string; limit: number; now?: Date }): Promise<StoredStory[]>;
  /** Newest stories whose folded title contains one of the folded terms (literal match). */
  search(opts: { terms: string[]; sinceMs?: number; limit: number; now?: Date }): Promise<StoredStory[]>;
  /** Heads of stories published at or after `sinceMs` (warms the near-duplicate index). */
  headsSince(sinceMs: number): Promise<StoryHead[]>;
  /** Deletes stories published before the retention period (by index, in chunks). Returns how many. */
  prune(now: Date): Promise<number>;
  getSources(ids: string[]): Promise<Array<SourceState | undefined>>;
  saveSource(state: SourceState): Promise<void>;
  /** Records a completed ingest pass (the "last successful ingest" shown by /news). */
  markIngest(mark: IngestStatus): Promise<void>;
  lastIngest(): Promise<IngestStatus | undefined>;
}
