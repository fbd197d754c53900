/**
 * The news tables as Kysely sees them (created by migration 0001-stories). Times are epoch
 * milliseconds; flags are 0/1 integers on both dialects.
 */

/** One story: a development, possibly carried by several outlets. */
export interface StoriesTable {
  id: string;
  /** Ingest sequence: assigned in commit order (see the counter in story_counter). */
  seq: number;
  title: string;
  /** NFKC, lower-cased, spaces collapsed: what title search matches against (LIKE, never a regex). */
  title_folded: string;
  /** Link as published (fragment removed). */
  url: string;
  /** Tracking-free canonical link: what users are shown. */
  canonical_url: string;
  summary: string;
  published_at: number;
  first_seen_at: number;
  language: string | null;
  /** 1 when stored during a source's first (backfill) pass: such stories never alert. */
  first_pass: number;
  /** 1 when ingest announced it (digests); first-pass stories beyond the source's backfill are 0. */
  announce: number;
}

/** An outlet that carried a story (the first one created it). */
export interface StoryOutletsTable {
  story_id: string;
  source_id: string;
  url: string;
  title: string;
  published_at: number;
  /** Order in which outlets joined the story. */
  position: number;
}

/** A topic a story was tagged with; carries the story's time and sequence for indexed listing. */
export interface StoryTopicsTable {
  story_id: string;
  topic: string;
  score: number;
  published_at: number;
  seq: number;
}

/** Every canonical URL (hashed) that leads to a story: unique across sources and processes. */
export interface StoryUrlsTable {
  url_key: string;
  story_id: string;
}

/** A source's GUIDs (hashed): unique per source. */
export interface StoryGuidsTable {
  source_id: string;
  guid_key: string;
  story_id: string;
}

/** One row: the last ingest sequence handed out. Updating it serialises story writers. */
export interface StoryCounterTable {
  id: number;
  value: number;
}

/** Polling state and health of one source. */
export interface NewsSourcesTable {
  id: string;
  url: string;
  healthy: number;
  consecutive_failures: number;
  error_count: number;
  last_error_at: number | null;
  last_error_reason: string | null;
  last_attempt_at: number | null;
  last_success_at: number | null;
  next_attempt_at: number | null;
  etag: string | null;
  last_modified: string | null;
  item_count: number;
  seeded: number;
}

/** The news tables. */
export interface NewsTables {
  stories: StoriesTable;
  story_outlets: StoryOutletsTable;
  story_topics: StoryTopicsTable;
  story_urls: StoryUrlsTable;
  story_guids: StoryGuidsTable;
  story_counter: StoryCounterTable;
  news_sources: NewsSourcesTable;
}
