/**
 * A small search helper over named entities: exact alias lookup first (fast, handles Chinese
 * names and abbreviations), then MiniSearch with fuzzy and prefix matching for typos.
 */
import MiniSearch from 'minisearch';
import { closestMatches, normalizeText } from '../core/suggest.js';

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

  constructor(entities: IndexedEntity[], opts: { fuzzy?: number } = {}) {
    this.search = new MiniSearch({
      fields: ['name', 'aliases', 'text'],
      storeFields: ['id', 'name'],
      tokenize: tokenizeMixed,
      processTerm: (t) => t,
      searchOptions: {
        boost: { name: 3, aliases: 2, text: 0.5 },
        fuzzy: opts.fuzzy ?? 0.2,
        prefix: (term) => term.length >= 3,
        combineWith: 'AND',
        tokenize: tokenizeMixed,
        processTerm: (t) => t,
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

  /** The best match, or undefined when nothing is close enough. */
  find(query: string): EntityMatch | undefined {
    const n = normalizeText(query);
    if (!n) return undefined;
    const hit = this.exact.get(n);
    if (hit) return { id: hit.id, name: hit.name, exact: true };
    const results = this.search.search(query);
    const top = results[0];
    if (!top) return undefined;
    return { id: String(top.id), name: String(top.name), exact: false };
  }

  /** Up to `limit` entity names that look like `query` (for "Did you mean …?"). */
  suggest(query: string, limit = 3): string[] {
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

  /** Full-text search returning ids, best first. */
  searchIds(query: string, limit = 10): string[] {
    return this.search
      .search(query, { combineWith: 'OR' })
      .slice(0, limit)
      .map((r) => String(r.id));
  }
}
