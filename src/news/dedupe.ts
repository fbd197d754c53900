/**
 * Story-level dedupe helpers: stable ids and lookup keys for GUIDs and canonical URLs, and an
 * in-memory index that finds a near-identical title from another outlet within a time window.
 */
import { createHash } from 'node:crypto';

/** Short stable hash used in ids and keys. */
export function shortHash(s: string, len = 16): string {
  return createHash('sha1').update(s).digest('base64url').slice(0, len);
}

/** Repository key of a canonical URL. */
export const urlKey = (canonicalUrl: string): string => `u:${shortHash(canonicalUrl, 22)}`;
/** Story id derived from the first canonical URL seen. */
export const storyIdFor = (canonicalUrl: string): string => shortHash(canonicalUrl, 16);

/** Both identities of a canonical URL from one hash: its story id and its pointer key. */
export function urlIdentity(canonicalUrl: string): { id: string; key: string } {
  const h = shortHash(canonicalUrl, 22); // storyIdFor is the first 16 characters of the same digest
  return { id: h.slice(0, 16), key: `u:${h}` };
}

const STOP = new Set(['the', 'a', 'an', 'of', 'to', 'in', 'on', 'for', 'and', 'or', 'as', 'at', 'by', 'with', 'is', 'its', 'from', 'after', 'new']);
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/** Title → comparable tokens: lower-case words (no stop words) and Chinese character bigrams. */
export function titleTokens(title: string): Set<string> {
  return ASCII.test(title) ? new Set(asciiTitleTokens(title)) : unicodeTitleTokens(title);
}

/** `titleTokens` as an array in order of first appearance. */
function titleTokenList(title: string): string[] {
  return ASCII.test(title) ? asciiTitleTokens(title) : [...unicodeTitleTokens(title)];
}

/** ASCII titles: NFKC changes nothing, and \p{L}\p{N} are exactly the ASCII letters and digits. */
function asciiTitleTokens(title: string): string[] {
  const out: string[] = [];
  for (const run of title.toLowerCase().replace(/['`]/g, '').split(/[^a-z0-9]+/)) {
    if (run && !STOP.has(run) && !out.includes(run)) out.push(run);
  }
  return out;
}

function unicodeTitleTokens(title: string): Set<string> {
  const out = new Set<string>();
  const norm = title.normalize('NFKC').toLowerCase().replace(/['’‘`]/g, '');
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

/** A title tokenized once, for `findDuplicate` and then `add`. */
export interface PreparedTitle {
  readonly title: string;
  /** Tokens in order of first appearance. */
  readonly tokens: readonly string[];
}

interface Entry {
  id: string;
  sourceIds: Set<string>;
  time: number;
  /** Distinct tokens. */
  tokens: string[];
  /** Token numbers, ascending (for a merge-based intersection). */
  ids: number[];
  /** Query stamp of the last lookup that examined this entry. */
  seen: number;
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
  /** Token → small integer, so that candidate sets intersect by merging sorted numbers. */
  private readonly tokenIds = new Map<string, number>();
  private readonly windowMs: number;
  private readonly threshold: number;
  private nextTokenId = 0;
  private stamp = 0;

  constructor(opts: TitleIndexOptions = {}) {
    this.windowMs = opts.windowMs ?? 72 * 3600_000;
    this.threshold = opts.threshold ?? 0.8;
  }

  get size(): number {
    return this.byId.size;
  }

  /** Tokenizes a title once for a `findDuplicate` followed by an `add`. */
  prepare(title: string): PreparedTitle {
    return { title, tokens: titleTokenList(title) };
  }

  private numbers(tokens: readonly string[], intern: boolean): number[] {
    const out: number[] = [];
    for (const t of tokens) {
      let id = this.tokenIds.get(t);
      if (id === undefined) {
        if (!intern) continue; // a token no entry has cannot be shared
        this.tokenIds.set(t, (id = this.nextTokenId++));
      }
      out.push(id);
    }
    return out.sort(ascending);
  }

  /**
   * Tokens to probe: any |A| - ceil(t·|A|) + 1 of A's tokens must include one that a match shares
   * (a match holds at least t·|A| of them), so the ones with the shortest posting lists are taken.
   */
  private probeTokens(tokens: readonly string[]): string[] {
    const n = tokens.length;
    const len = Math.max(1, n - Math.ceil(this.threshold * n) + 1);
    // The `len` tokens with the shortest posting lists, ties in title order (as a stable sort would).
    const sizes = tokens.map((t) => this.byToken.get(t)?.size ?? 0);
    const order: number[] = [];
    for (let i = 0; i < n; i++) {
      let at = order.length;
      while (at > 0 && sizes[order[at - 1]!]! > sizes[i]!) at--;
      if (at < len) {
        order.splice(at, 0, i);
        if (order.length > len) order.pop();
      }
    }
    return order.map((i) => tokens[i]!);
  }

  /** The story a title duplicates, if any: same-source matches are ignored (an outlet's own follow-ups). */
  findDuplicate(title: string | PreparedTitle, sourceId: string, time: number): string | undefined {
    const tokens = typeof title === 'string' ? titleTokenList(title) : title.tokens;
    const size = tokens.length;
    if (size < 2) return undefined;
    const probes = this.probeTokens(tokens);
    let best: { id: string; sim: number } | undefined;
    let mine: number[] | undefined;
    const stamp = ++this.stamp;
    for (const t of probes) {
      const posting = this.byToken.get(t);
      if (!posting) continue;
      for (const e of posting) {
        if (e.seen === stamp) continue;
        e.seen = stamp;
        if (e.sourceIds.has(sourceId) || Math.abs(e.time - time) > this.windowMs) continue;
        mine ??= this.numbers(tokens, false);
        const sim = similarity(mine, size, e.ids, this.threshold);
        if (sim >= this.threshold && (!best || sim > best.sim)) best = { id: e.id, sim };
      }
    }
    return best?.id;
  }

  /** Adds (or updates the sources of) a story. */
  add(id: string, title: string | PreparedTitle, sourceIds: Iterable<string>, time: number): void {
    const existing = this.byId.get(id);
    if (existing) {
      for (const s of sourceIds) existing.sourceIds.add(s);
      return;
    }
    const tokens = typeof title === 'string' ? titleTokenList(title) : [...title.tokens];
    if (tokens.length < 2) return;
    const e: Entry = { id, sourceIds: new Set(sourceIds), time, tokens, ids: this.numbers(tokens, true), seen: 0 };
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
        if (set?.size === 0) {
          this.byToken.delete(t);
          this.tokenIds.delete(t); // no entry holds it any more; a later one gets a fresh number
        }
      }
    }
  }
}

/**
 * Jaccard similarity of A (`size` tokens, of which the known ones are `a`) and B, both as ascending
 * token numbers — the same value `jaccard` computes on the sets. Returns 0 as soon as the rest of
 * the merge could no longer lift the result to `threshold` (the ratio grows with the intersection).
 */
const ascending = (x: number, y: number): number => x - y;

function similarity(a: readonly number[], size: number, b: readonly number[], threshold: number): number {
  const total = size + b.length;
  let inter = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const best = inter + Math.min(a.length - i, b.length - j);
    if (best / (total - best) < threshold) return 0;
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return inter / (total - inter);
}
