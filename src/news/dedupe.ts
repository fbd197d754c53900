/**
 * Story-level dedupe helpers: stable ids and lookup keys for GUIDs and canonical URLs, and an
 * in-memory index that finds a near-identical title from another outlet within a time window.
 */
import { createHash } from 'node:crypto';

/** Short stable hash used in ids and keys. */
export function shortHash(s: string, len = 16): string {
  return createHash('sha1').update(s).digest('base64url').slice(0, len);
}

/** Repository key of a source's GUID. */
export const guidKey = (sourceId: string, guid: string): string => `g:${sourceId}:${shortHash(guid, 22)}`;
/** Repository key of a canonical URL. */
export const urlKey = (canonicalUrl: string): string => `u:${shortHash(canonicalUrl, 22)}`;
/** Story id derived from the first canonical URL seen. */
export const storyIdFor = (canonicalUrl: string): string => shortHash(canonicalUrl, 16);

const STOP = new Set(['the', 'a', 'an', 'of', 'to', 'in', 'on', 'for', 'and', 'or', 'as', 'at', 'by', 'with', 'is', 'its', 'from', 'after', 'new']);
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Title → comparable tokens: lower-case words (no stop words) and Chinese character bigrams. */
export function titleTokens(title: string): Set<string> {
  const norm = title.normalize('NFKC').toLowerCase().replace(/['’‘`]/g, '');
  const out = new Set<string>();
  for (const run of norm.split(/[^\p{L}\p{N}]+/u)) {
    if (!run) continue;
    if (CJK.test(run)) {
      const chars = [...run];
      let latin = '';
      for (let i = 0; i < chars.length; i++) {
        const c = chars[i]!;
        if (CJK.test(c)) {
          if (latin) out.add(latin);
          latin = '';
          const next = chars[i + 1];
          out.add(next && CJK.test(next) ? c + next : c);
        } else latin += c;
      }
      if (latin) out.add(latin);
    } else if (!STOP.has(run)) out.add(run);
  }
  return out;
}

/** Jaccard similarity of two token sets. */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const t of small) if (big.has(t)) inter++;
  return inter / (a.size + b.size - inter);
}

interface Entry {
  id: string;
  sourceIds: Set<string>;
  time: number;
  tokens: Set<string>;
}

/** Options of the near-duplicate title index. */
export interface TitleIndexOptions {
  /** Stories further apart than this are never merged (default 72 h). */
  windowMs?: number;
  /** Minimum Jaccard similarity of title tokens (default 0.8). */
  threshold?: number;
}

/**
 * Finds near-identical titles (Jaccard ≥ threshold) from a different source within the window.
 * Every token is indexed; a lookup probes only the few rarest tokens a match must share.
 */
export class TitleIndex {
  private readonly byToken = new Map<string, Set<Entry>>();
  private readonly byId = new Map<string, Entry>();
  private readonly windowMs: number;
  private readonly threshold: number;

  constructor(opts: TitleIndexOptions = {}) {
    this.windowMs = opts.windowMs ?? 72 * 3600_000;
    this.threshold = opts.threshold ?? 0.8;
  }

  get size(): number {
    return this.byId.size;
  }

  /**
   * Tokens to probe: any |A| - ceil(t·|A|) + 1 of A's tokens must include one that a match shares
   * (a match holds at least t·|A| of them), so the ones with the shortest posting lists are taken.
   */
  private probeTokens(tokens: Set<string>): string[] {
    const sorted = [...tokens].sort((a, b) => (this.byToken.get(a)?.size ?? 0) - (this.byToken.get(b)?.size ?? 0));
    const len = sorted.length - Math.ceil(this.threshold * sorted.length) + 1;
    return sorted.slice(0, Math.max(1, len));
  }

  /** The story a title duplicates, if any: same-source matches are ignored (an outlet's own follow-ups). */
  findDuplicate(title: string, sourceId: string, time: number): string | undefined {
    const tokens = titleTokens(title);
    if (tokens.size < 2) return undefined;
    let best: { id: string; sim: number } | undefined;
    const seen = new Set<Entry>();
    for (const t of this.probeTokens(tokens)) {
      for (const e of this.byToken.get(t) ?? []) {
        if (seen.has(e)) continue;
        seen.add(e);
        if (e.sourceIds.has(sourceId) || Math.abs(e.time - time) > this.windowMs) continue;
        const sim = jaccard(tokens, e.tokens);
        if (sim >= this.threshold && (!best || sim > best.sim)) best = { id: e.id, sim };
      }
    }
    return best?.id;
  }

  /** Adds (or updates the sources of) a story. */
  add(id: string, title: string, sourceIds: Iterable<string>, time: number): void {
    const existing = this.byId.get(id);
    if (existing) {
      for (const s of sourceIds) existing.sourceIds.add(s);
      return;
    }
    const tokens = titleTokens(title);
    if (tokens.size < 2) return;
    const e: Entry = { id, sourceIds: new Set(sourceIds), time, tokens };
    this.byId.set(id, e);
    for (const t of tokens) {
      let set = this.byToken.get(t);
      if (!set) this.byToken.set(t, (set = new Set()));
      set.add(e);
    }
  }

  /** Drops stories older than the window before `now`. */
  prune(now: number): void {
    for (const e of this.byId.values()) {
      if (now - e.time <= this.windowMs) continue;
      this.byId.delete(e.id);
      for (const t of e.tokens) {
        const set = this.byToken.get(t);
        set?.delete(e);
        if (set?.size === 0) this.byToken.delete(t);
      }
    }
  }
}
