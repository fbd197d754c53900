/**
 * Passages: the unit of evidence /ask retrieves, shows the model and cites. A passage is either a
 * curated fact (knowledge store, checked) or a stored news story (headline, unchecked).
 */
import type { ClaimStatus, SourceLink } from '../core/reply.js';

/** One citable piece of evidence. */
export interface Passage {
  /** Stable id: the fact's id in the knowledge store, or `story:<id>`. */
  id: string;
  kind: 'fact' | 'story';
  /** The statement (a fact's text, a story's sanitised title). */
  text: string;
  /** Date the statement refers to (YYYY, YYYY-MM or YYYY-MM-DD). */
  date?: string;
  status: ClaimStatus;
  /** Why a fact is disputed or unverified. */
  note?: string;
  /** At least one; the first is the one a citation points at. */
  sources: SourceLink[];
  /** Date the fact is true as of (YYYY-MM-DD); absent for stories. */
  asOf?: string;
  /** Extra searchable words (entity names, aliases in every language); never shown. */
  keywords?: string;
  /** The command that shows more on this subject, e.g. `/cbdc-status China`. */
  command?: string;
}

/** A passage as a line of the model's context (numbering and delimiters are added by the prompt). */
export function passageLine(p: Passage): string {
  const status = p.status === 'verified' ? '' : ` [${p.status.toUpperCase()}${p.note ? `: ${p.note}` : ''}]`;
  const src = p.sources[0];
  const where = src ? ` (source: ${src.publisher ?? src.title}${src.date ? `, ${src.date}` : ''})` : '';
  return `${p.date ? `${p.date}: ` : ''}${p.text}${status}${where}`;
}
