/**
 * Words of a query: which ones are too generic or only make it a question ("is", "what",
 * "bank"), and a light English stemmer so "banned" finds "ban" and "launched" finds "launch".
 */

/**
 * Words too generic to identify anything on their own here ("the", "bank", "digital", "china"…),
 * and question words ("is", "when", "does"): a query made only of these matches nothing rather
 * than whatever happens to contain them.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'of', 'and', 'or', 'in', 'on', 'for', 'to', 'at', 'by', 'is', 'what', 'about', 'with',
  'bank', 'central', 'digital', 'currency', 'money', 'city', 'cities', 'top', 'china', 'chinese', 'blockchain',
  'rank', 'ranking', 'index', 'news', 'cbdc', 'status', 'country', 'project', 'projects', 'pilot', 'people', 's',
  // question and filler words
  'are', 'was', 'were', 'be', 'been', 'being', 'am', 'do', 'does', 'did', 'has', 'have', 'had', 'whats', 'when',
  'where', 'who', 'whom', 'whose', 'why', 'how', 'which', 'can', 'could', 'will', 'would', 'should', 'shall', 'may',
  'might', 'must', 'tell', 'me', 'us', 'please', 'there', 'any', 'it', 'its', 'yet', 'still', 'now', 'current',
  'currently', 'latest', 'i', 'you', 'we', 'they', 'this', 'that', 'these', 'those', 'know', 'show', 'give', 'list',
  'much', 'many', 'really', 'already', 'so', 'far', 'today', 'from', 'as', 'into', 'than', 'then', 'if', 'whether',
  'happening', 'happened', 'going', 'get', 'got', 'my', 'our', 'your', 'their',
]);

const VOWEL = /[aeiouy]/;

/**
 * A light suffix stripper for English words (Latin letters only; CJK and numbers unchanged):
 * banned → ban, launches → launch, pilots → pilot, speeches → speech, studies → study. No "-ing"
 * rule: it would cut names (Beijing, Jinping) that users type as prefixes.
 * Applied to the index and to queries alike, so both sides meet on the same stem.
 */
export function stem(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length <= 3) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (/(ches|shes|xes|zes)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
  if (w.endsWith('ed') && w.length >= 5 && VOWEL.test(w.slice(0, -2))) {
    w = w.slice(0, -2);
    // banned → bann → ban; but keep "ll"/"ss" (called → call)
    if (/([bdgmnprt])\1$/.test(w)) w = w.slice(0, -1);
  }
  return w;
}
