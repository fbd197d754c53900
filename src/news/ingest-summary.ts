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
