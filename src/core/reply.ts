/**
 * The Reply document: what a command says, never how a platform shows it.
 * Every adapter renders a Reply within its own limits and escapes everything in it.
 */

/** A link to where a claim was found. */
export interface SourceLink {
  title: string;
  url: string;
  publisher?: string;
  /** ISO date (YYYY-MM-DD) the source was published, when known. */
  date?: string;
}

/** Confidence of a claim as curated in the knowledge store. */
export type ClaimStatus = 'verified' | 'disputed' | 'unverified';

/** One line of an answer: a statement, optionally dated and sourced. */
export interface ReplyItem {
  text: string;
  /** ISO date the item refers to (an event date, a figure's date). */
  date?: string;
  source?: SourceLink;
  status?: ClaimStatus;
  /** Why the item is disputed or unverified; shown next to it. */
  note?: string;
}

/** A titled group of items. */
export interface ReplySection {
  title?: string;
  items: ReplyItem[];
}

/** A short name/value pair (Discord renders it as an embed field). */
export interface ReplyField {
  name: string;
  value: string;
  inline?: boolean;
}

/** Where a paged answer continues: the same command with these args on another page. */
export interface ReplyPagination {
  command: string;
  args: Record<string, string | number>;
  page: number;
  pageCount: number;
}

/** A platform-neutral answer. */
export interface Reply {
  title?: string;
  /** Lead text shown first. */
  text?: string;
  sections?: ReplySection[];
  fields?: ReplyField[];
  /** Sources for the whole answer, listed in the footer. */
  sources?: SourceLink[];
  /** ISO date the information was last checked. */
  asOf?: string;
  /** A short closing line (hints, counts). */
  footer?: string;
  pagination?: ReplyPagination;
  /** Shown only to the person who asked, where the platform allows it. */
  ephemeral?: boolean;
  /** Marks a reply that reports an error, so adapters can style it. */
  kind?: 'answer' | 'error';
}

/** Sources of a reply, deduplicated by URL, in order of first appearance (footer, then items). */
export function collectSources(reply: Reply): SourceLink[] {
  const seen = new Map<string, SourceLink>();
  const add = (s: SourceLink | undefined): void => {
    if (s && !seen.has(s.url)) seen.set(s.url, s);
  };
  reply.sources?.forEach(add);
  for (const section of reply.sections ?? []) for (const item of section.items) add(item.source);
  return [...seen.values()];
}

/** Short label for a non-verified status, or undefined for verified claims. */
export function statusLabel(status: ClaimStatus | undefined): string | undefined {
  if (status === 'disputed') return 'DISPUTED';
  if (status === 'unverified') return 'UNVERIFIED';
  return undefined;
}

/** Total number of items across sections (used by renderers and tests). */
export function countItems(reply: Reply): number {
  return (reply.sections ?? []).reduce((n, s) => n + s.items.length, 0);
}
