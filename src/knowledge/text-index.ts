/**
 * A small search helper over named entities: exact alias lookup first (fast, handles Chinese
 * names and abbreviations), then MiniSearch with fuzzy and prefix matching for typos.
 */
import MiniSearch from 'minisearch';
import { closestMatches, normalizeText } from '../core/suggest.js';
import { STOP_WORDS, stem } from './query-words.js';

export { STOP_WORDS } from './query-words.js';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/** Words plus CJK bigrams, so 数字人民币 can be found by 人民币 as well. */
export function tokenizeMixed(text: string): string[] {
  const out: string[] = [];
  for (const word of normalizeText(text).split(' ')) {
    if (!word) continue;
    out.push(word);
    if (CJK.test(word) && word.length > 2) {
      for (let i = 0; i + 1 < word.length; i++) out.push(word.slice(i, i + 2));
    }
  }
  return out;
}

/** One entity to index: its id, display name, aliases and extra searchable text. */
export interface IndexedEntity {
  id: string;
  name: string;
  aliases: string[];
  text?: string;
}

/** A match and how it was found. */
export interface EntityMatch {
  id: string;
  name: string;
  exact: boolean;
}

/** Exact + fuzzy lookup over a fixed set of entities, built once. */
export class EntityIndex {
  private readonly exact = new Map<string, IndexedEntity>();
  private readonly byId = new Map<string, IndexedEntity>();
  private readonly search: MiniSearch<{ id: string; name: string; aliases: string; text: string }>;
  /** name or alias → entity name, for suggestions. */
  private readonly labels = new Map<string, string>();

  constructor(entities: IndexedEntity[]) {
    this.search = new MiniSearch({
      fields: ['name', 'aliases', 'text'],
      storeFields: ['id', 'name'],
      tokenize: tokenizeMixed,
      processTerm: stem,
      searchOptions: {
        boost: { name: 3, aliases: 2, text: 0.5 },
        fuzzy: fuzzyFor,
        prefix: prefixFor,
        combineWith: 'AND',
        tokenize: tokenizeMixed,
        processTerm: stem,
      },
    });
    for (const e of entities) {
      this.byId.set(e.id, e);
      for (const key of [e.id, e.name, ...e.aliases]) {
        const n = normalizeText(key);
        if (n && !this.exact.has(n)) this.exact.set(n, e);
        this.labels.set(key, e.name);
      }
    }
    this.search.addAll(entities.map((e) => ({ id: e.id, name: e.name, aliases: e.aliases.join(' | '), text: e.text ?? '' })));
  }

  /**
   * The best match, or undefined when nothing is close enough. Exact names and aliases always
   * match; otherwise every meaningful word must match a name or alias word (typos allowed in words
   * of 5+ letters, prefixes of 4+), and a query made only of generic words matches nothing.
   */
  find(query: string): EntityMatch | undefined {
    const n = normalizeText(query);
    if (!n) return undefined;
    const hit = this.exact.get(n) ?? this.exact.get(n.replace(CJK_ADMIN_SUFFIX, ''));
    if (hit) return { id: hit.id, name: hit.name, exact: true };
    const terms = queryTerms(query);
    if (terms.length === 0) {
      // Only generic words: accept one that is itself an exact name ("China CBDC" → China).
      const named = normalizeText(query).split(' ').map((w) => this.exact.get(w)).find(Boolean);
      return named ? { id: named.id, name: named.name, exact: true } : undefined;
    }
    const results = this.search.search(terms.join(' '), { fields: ['name', 'aliases'], combineWith: 'AND', fuzzy: fuzzyFor, prefix: prefixFor });
    const top = results[0];
    if (!top) return undefined;
    return { id: String(top.id), name: String(top.name), exact: false };
  }

  /** Up to `limit` entity names that look like `query` (for "Did you mean …?"). */
  suggest(query: string, limit = 3): string[] {
    if (!hasMeaningfulTerm(query)) return [];
    const names = closestMatches(query, this.labels.keys(), limit * 3).map((l) => this.labels.get(l)!);
    return [...new Set(names)].slice(0, limit);
  }

  /** Autocomplete: entities whose name or alias starts with (or fuzzily matches) the query. */
  complete(query: string, limit = 25): Array<{ id: string; name: string }> {
    const q = normalizeText(query);
    const all = [...this.byId.values()];
    if (!q) return all.slice(0, limit).map((e) => ({ id: e.id, name: e.name }));
    const starts = all.filter((e) => [e.name, ...e.aliases].some((a) => normalizeText(a).startsWith(q)));
    const fuzzy = this.search.search(query, { combineWith: 'OR' }).map((r) => this.byId.get(String(r.id))!);
    const seen = new Set<string>();
    const out: Array<{ id: string; name: string }> = [];
    for (const e of [...starts, ...fuzzy]) {
      if (!e || seen.has(e.id)) continue;
      seen.add(e.id);
      out.push({ id: e.id, name: e.name });
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Full-text search returning ids, best first; every meaningful word must appear (typos allowed in long words). */
  searchIds(query: string, limit = 10): string[] {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    return this.search
      .search(terms.join(' '), { combineWith: 'AND', fuzzy: fuzzyFor, prefix: prefixFor })
      .slice(0, limit)
      .map((r) => String(r.id));
  }

  /** Entities sharing any meaningful word with the query (exact words and prefixes only), best first. */
  searchAny(query: string, limit = 5): string[] {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    return this.search
      .search(terms.join(' '), { combineWith: 'OR', fuzzy: false, prefix: prefixFor })
      .slice(0, limit)
      .map((r) => String(r.id));
  }

  /**
   * Looser search for questions in plain words: entities matching most of the meaningful words
   * (at least two, and at least half), best first. Used only after the strict search found nothing.
   */
  searchMost(query: string, limit = 10): string[] {
    const terms = [...new Set(queryTerms(query))];
    if (terms.length < 2) return [];
    const need = Math.max(2, Math.ceil(terms.length / 2));
    return this.search
      .search(terms.join(' '), { combineWith: 'OR', fuzzy: fuzzyFor, prefix: prefixFor })
      .filter((r) => new Set(r.queryTerms).size >= need)
      .slice(0, limit)
      .map((r) => String(r.id));
  }
}

/** 北京市 → 北京, 福建省 → 福建: administrative suffixes users often type. */
const CJK_ADMIN_SUFFIX = /(市|省|自治区|特别行政区)$/u;

/**
 * Search terms of a query: meaningful words, with CJK words longer than two characters replaced by
 * their bigrams (the index holds bigrams, so 人民币 finds 数字人民币).
 */
function queryTerms(query: string): string[] {
  const out: string[] = [];
  for (const word of normalizeText(query).split(' ')) {
    if (!word || STOP_WORDS.has(word)) continue;
    if (CJK.test(word) && word.length > 2) {
      const w = word.replace(CJK_ADMIN_SUFFIX, '');
      if (w.length <= 2) out.push(w);
      else for (let i = 0; i + 1 < w.length; i++) out.push(w.slice(i, i + 2));
    } else out.push(word);
  }
  return out;
}

/** True when the query has at least one word that is not a stop word. */
export function hasMeaningfulTerm(query: string): boolean {
  return tokenizeMixed(query).some((t) => !STOP_WORDS.has(t));
}

/** Typos are tolerated only in words long enough for one edit not to change their meaning. */
function fuzzyFor(term: string): number | false {
  return term.length >= 5 ? 0.2 : false;
}

function prefixFor(term: string): boolean {
  return term.length >= 4;
}
