/**
 * The port commands use to read news: plain data in, plain data out — no storage or HTTP types,
 * so /news and /sources stay platform- and storage-neutral and are easy to fake in tests.
 */

/** An outlet that carried a story, with its link. */
export interface NewsOutlet {
  name: string;
  url: string;
}

/** A story as commands show it. */
export interface NewsStoryView {
  id: string;
  title: string;
  /** Link of the first outlet. */
  url: string;
  /** ISO time of publication. */
  publishedAt: string;
  outlets: NewsOutlet[];
  topics: string[];
}

/** A topic users can ask for. */
export interface NewsTopic {
  id: string;
  label: string;
  /** Other names users type for it (`digital yuan`, `e-CNY` → cbdc). */
  aliases?: string[];
}

/** Health of one source, for moderators. */
export interface SourceStatusView {
  id: string;
  name: string;
  url: string;
  /** Has succeeded at least once and is not failing repeatedly now. */
  healthy: boolean;
  /** Never polled yet. */
  pending: boolean;
  consecutiveFailures: number;
  errorCount: number;
  lastError?: { at: string; reason: string };
  lastSuccessAt?: string;
  nextAttemptAt?: string;
  itemCount: number;
}

/** Summary of the last completed ingest pass. */
export interface IngestStatus {
  at: string;
  sourcesOk: number;
  sourcesFailed: number;
  newStories: number;
}

/** What /news and /sources need from the news pipeline. */
export interface NewsService {
  topics(): NewsTopic[];
  latest(opts: { topic?: string; limit: number }): Promise<NewsStoryView[]>;
  /**
   * Newest stored stories whose title contains any of `terms` (case- and width-insensitive literal
   * match, never a regular expression), published at or after `sinceMs` when given.
   */
  search(opts: { terms: string[]; sinceMs?: number; limit: number }): Promise<NewsStoryView[]>;
  lastIngest(): Promise<IngestStatus | undefined>;
  sources(): Promise<SourceStatusView[]>;
}
