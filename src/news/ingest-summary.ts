/** Plain-text summary of an ingest pass, printed by `npm run ingest -- --once`. */
import type { IngestSummary } from './ingest.js';

/** Human-readable summary of a pass (one line per source, then totals). */
export function formatSummary(s: IngestSummary): string {
  const lines = s.sources.map((r) => {
    const head = `${r.status === 'failed' ? 'FAIL' : r.status === 'ok' ? 'ok  ' : r.status === 'not-modified' ? '304 ' : 'skip'} ${r.id}`;
    if (r.status === 'failed') return `${head} — ${r.reason ?? 'unknown error'}`;
    if (r.status !== 'ok') return head;
    return `${head} — ${r.items} items: ${r.new} new, ${r.duplicates} duplicate, ${r.merged} merged into other outlets' stories`;
  });
  const t = s.totals;
  lines.push(
    `sources: ${t.ok} ok, ${t.notModified} not modified, ${t.failed} failed, ${t.skipped} skipped; items: ${t.new} new, ${t.duplicates} duplicate, ${t.merged} merged; ${s.announce.length} to announce`,
  );
  return lines.join('\n');
}

/**
 * One line for the console when a pass reached no feed at all (every attempted source failed),
 * pointing at /sources; undefined when at least one feed answered or nothing was attempted.
 */
export function noFeedReachedNotice(s: IngestSummary): string | undefined {
  const t = s.totals;
  if (t.failed === 0 || t.ok + t.notModified > 0) return undefined;
  return `News: the start-up ingest reached none of the ${t.failed} news feeds (offline?); /news stays empty until one answers — type /sources to see why.`;
}
