/** "Did you mean …?" helpers: edit distance over normalised strings. */

/** Lowercases, strips accents and punctuation, folds full-width forms. */
export function normalizeText(s: string): string {
  return s
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Levenshtein distance, bounded: returns max+1 once the distance exceeds max. */
export function editDistance(a: string, b: string, max = 64): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Candidates closest to `input`, best first. A candidate is kept when its distance is at most
 * a third of the longer string (at least 1), or when one string starts with the other.
 */
export function closestMatches(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const q = normalizeText(input);
  if (!q) return [];
  const scored: Array<{ c: string; d: number }> = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    const n = normalizeText(c);
    if (!n || seen.has(c)) continue;
    seen.add(c);
    const allowed = Math.max(1, Math.floor(Math.max(n.length, q.length) / 3));
    let d = editDistance(q, n, allowed);
    if (d > allowed && (n.startsWith(q) || q.startsWith(n)) && Math.min(n.length, q.length) >= 3) d = allowed;
    if (d <= allowed) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c));
  return scored.slice(0, limit).map((s) => s.c);
}

/** "Did you mean A, B or C?" or an empty string. */
export function didYouMean(suggestions: string[]): string {
  if (suggestions.length === 0) return '';
  if (suggestions.length === 1) return ` Did you mean ${suggestions[0]}?`;
  return ` Did you mean ${suggestions.slice(0, -1).join(', ')} or ${suggestions.at(-1)}?`;
}
