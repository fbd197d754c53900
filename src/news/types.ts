/**
 * Data shapes of the news pipeline: what a parsed feed yields, what normalizing produces and
 * what the repository stores. Plain data only, so every stage can be tested on its own.
 */

/** One entry as the feed library gave it, before cleaning. */
export interface RawItem {
  guid?: string;
  link?: string;
  title?: string;
  /** HTML or text summary; normalizing turns it into plain text. */
  summary?: string;
  /** Date string as found in the feed. */
  published?: string;
  language?: string;
}

/** A parsed feed document. */
export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title?: string;
  language?: string;
  items: RawItem[];
}

/** An entry after cleaning: canonical URL, plain text, a real date. */
export interface NormalizedItem {
  sourceId: string;
  guid?: string;
  /** Link as published (fragment removed). */
  url: string;
  /** Lower-cased scheme/host, no tracking parameters, no fragment: the identity of the page. */
  canonicalUrl: string;
  title: string;
  summary: string;
  /** ISO time; the first-seen time when the feed gave none (or a future one). */
  publishedAt: string;
  firstSeenAt: string;
  language?: string;
}

/** One outlet that carried a story. */
export interface StorySource {
  sourceId: string;
  url: string;
  title: string;
  publishedAt: string;
}

/** A topic a story was tagged with, and how strongly. */
export interface TopicScore {
  topic: string;
  score: number;
}

/** A story: one development, possibly carried by several outlets. */
export interface Story {
  id: string;
  title: string;
  /** Link as published (fragment removed). */
  url: string;
  /** Tracking-free canonical link: the one users are shown. */
  canonicalUrl: string;
  summary: string;
  publishedAt: string;
  firstSeenAt: string;
  language?: string;
  sources: StorySource[];
  topics: TopicScore[];
  /** False for what a source's first run found beyond its backfill (stored silently). */
  announce: boolean;
  /** True when stored during its source's first (backfill) pass: such stories never alert. */
  firstPass: boolean;
}

/** A story as stored, with its place in the ingest sequence. */
export interface StoredStory extends Story {
  /** Ingest sequence: "everything stored since cursor N" is `seq > N`, whichever process stored it. */
  seq: number;
}

/** Health and polling state of one source, kept for moderators and for conditional GET. */
export interface SourceState {
  id: string;
  url: string;
  healthy: boolean;
  consecutiveFailures: number;
  /** Total failed polls since the source was added (the counted errors). */
  errorCount: number;
  lastError?: { at: string; reason: string };
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  /** Do not poll before this time (interval or back-off). */
  nextAttemptAt?: string;
  etag?: string;
  lastModified?: string;
  /** Stories this source contributed (new or merged). */
  itemCount: number;
  /** True once the first successful run (stored without announcing) has happened. */
  seeded: boolean;
}
