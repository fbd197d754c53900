/**
 * Every fact in the store as one flat, uniform record with a stable id — the shape retrieval
 * (/ask), /about and `npm run knowledge:check` work from. Ids are explicit in the YAML where a
 * fact has one; summaries, the overview and ranking entries get ids derived from their parent.
 */
import type { KnowledgeData } from './loader.js';
import type { ClaimStatus, Source } from './schema.js';

/** What kind of entry a fact came from. */
export type FactKind = 'tracker' | 'summary' | 'milestone' | 'figure' | 'ranking-entry' | 'overview' | 'event';

/** One curated fact with everything needed to cite it. */
export interface KnowledgeFact {
  /** Stable id, unique across the store (e.g. `cn-ecny-deposit-money-2026`, `ru-summary`). */
  id: string;
  kind: FactKind;
  /** What the fact is about: a country id, `china`, `world` or a ranking index id. */
  subject: string;
  /** Readable subject name (`Russia`, `China's blockchain push`, …). */
  subjectName: string;
  /** China timeline topic ids (events only). */
  topics: string[];
  /** The statement, self-contained (figures read `label: value`). */
  text: string;
  /** Date of the event or figure (YYYY, YYYY-MM or YYYY-MM-DD), when it has one. */
  date?: string;
  /** Date the statement is true as of. */
  asOf: string;
  /** Date it was last checked against its sources. */
  checked: string;
  status: ClaimStatus;
  note?: string;
  sources: Source[];
}

interface RawFact {
  id?: string | undefined;
  text: string;
  date?: string | undefined;
  as_of: string;
  checked?: string | undefined;
  status: ClaimStatus;
  note?: string | undefined;
  sources: Source[];
}

function make(kind: FactKind, id: string, subject: string, subjectName: string, f: RawFact, topics: string[] = []): KnowledgeFact {
  const out: KnowledgeFact = { id, kind, subject, subjectName, topics, text: f.text, asOf: f.as_of, checked: f.checked ?? f.as_of, status: f.status, sources: f.sources };
  if (f.date) out.date = f.date;
  if (f.note) out.note = f.note;
  return out;
}

/** Flattens the validated store into facts, in file order. */
export function enumerateFacts(data: KnowledgeData): KnowledgeFact[] {
  const out: KnowledgeFact[] = [];
  for (const t of data.cbdc.tracker) out.push(make('tracker', t.id, 'world', 'CBDCs worldwide', t));
  for (const c of data.cbdc.countries) {
    out.push(make('summary', c.summary.id ?? `${c.id}-summary`, c.id, c.name, c.summary));
    for (const m of c.milestones) out.push(make('milestone', m.id, c.id, c.name, m));
    for (const f of c.figures) out.push(make('figure', f.id, c.id, c.name, { ...f, text: `${f.label}: ${f.value}${f.text ? ` — ${f.text}` : ''}` }));
  }
  for (const idx of data.cities.indexes) {
    for (const e of idx.entries) {
      const city = data.cities.cities.find((c) => c.id === e.city)?.name ?? e.city;
      const score = e.score !== undefined ? ` with a score of ${e.score}` : '';
      const raw: RawFact = {
        text: `${city} ranked ${e.rank}${score} in the ${idx.name} (${idx.publisher}, ${idx.released}).`,
        date: idx.released,
        as_of: idx.as_of,
        checked: idx.checked,
        status: e.status ?? idx.status,
        note: e.note ?? idx.note,
        sources: e.sources ?? idx.sources,
      };
      out.push(make('ranking-entry', `${idx.id}-${e.city}`, idx.id, idx.short_name, raw));
    }
  }
  const ov = data.china.overview;
  out.push(make('overview', ov.id ?? 'china-overview', 'china', "China's blockchain push", ov));
  for (const e of data.china.events) out.push(make('event', e.id, 'china', "China's blockchain push", { ...e, text: `${e.title}: ${e.text}` }, e.topics));
  return out;
}

/** Ids used by more than one fact (the loader refuses a store with any). */
export function duplicateFactIds(facts: readonly KnowledgeFact[]): string[] {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const f of facts) {
    if (seen.has(f.id)) dupes.add(f.id);
    seen.add(f.id);
  }
  return [...dupes];
}
