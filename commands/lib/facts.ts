/** Turns knowledge-store facts into Reply items: sources as links, dates, dispute flags. */
import type { ReplyItem, SourceLink } from '../../src/core/reply.js';
import type { Source } from '../../src/knowledge/schema.js';

/** A knowledge source as a reply link. */
export function sourceLink(s: Source): SourceLink {
  const link: SourceLink = { title: s.title, url: s.url, publisher: s.publisher };
  if (s.date) link.date = s.date;
  return link;
}

/** Anything fact-shaped: text, optional date, status, note, sources. */
export interface FactLike {
  text: string;
  date?: string | undefined;
  status: 'verified' | 'disputed' | 'unverified';
  note?: string | undefined;
  sources: Source[];
}

/** A fact as one reply item (first source linked; the rest go to the footer via `extraSources`). */
export function factItem(f: FactLike): ReplyItem {
  const item: ReplyItem = { text: f.text, status: f.status };
  if (f.date) item.date = f.date;
  if (f.note && f.status !== 'verified') item.note = f.note;
  if (f.sources[0]) item.source = sourceLink(f.sources[0]);
  return item;
}

/** Latest as_of among the given facts (for the reply footer). */
export function latestAsOf(facts: ReadonlyArray<{ as_of: string }>, fallback: string): string {
  return facts.reduce((m, f) => (f.as_of > m ? f.as_of : m), facts.length ? '0000-00-00' : fallback);
}

/** 1-based page slice. */
export function paginate<T>(items: readonly T[], page: number, perPage: number): { slice: T[]; page: number; pageCount: number } {
  const pageCount = Math.max(1, Math.ceil(items.length / perPage));
  const p = Math.min(Math.max(1, page), pageCount);
  return { slice: items.slice((p - 1) * perPage, p * perPage), page: p, pageCount };
}

/** Footer note for an answer found by a typo-tolerant match rather than an exact name. */
export function closestNote(name: string, query: string): string {
  return `Showing ${name}, the closest match to "${query}".`;
}

/** Joins optional footer parts. */
export function joinFooter(...parts: Array<string | undefined>): string | undefined {
  const kept = parts.filter((p): p is string => Boolean(p));
  return kept.length ? kept.join(' ') : undefined;
}


export { chronological, dateSortKey } from '../../src/knowledge/dates.js';
