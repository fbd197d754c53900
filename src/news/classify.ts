/**
 * Topic tagging by keyword and phrase rules (English and Chinese), case- and width-insensitive,
 * with a score. Matching is plain substring search with word-boundary checks — no regex built
 * from configuration, so no rule can cause catastrophic backtracking.
 */
import type { TopicRule } from './topics-config.js';
import type { TopicScore } from './types.js';

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/** Case-, width- and dash-insensitive form used on both sides of a match. */
export function foldText(s: string): string {
  // ASCII text: NFKC changes nothing and there are no Unicode dashes to map.
  if (ASCII.test(s)) return s.toLowerCase().replace(/\s+/g, ' ');
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ');
}

interface CompiledKeyword {
  term: string;
  weight: number;
  /** ASCII words need word boundaries ("bsn" must not match "absnt"); CJK terms do not. */
  bounded: boolean;
}

interface CompiledTopic {
  id: string;
  minScore: number;
  keywords: CompiledKeyword[];
  /** Position of each keyword in the classifier's flat keyword list. */
  slots: number[];
}

/** Maximal runs of word characters ([a-z0-9], as `isWordChar` sees them) in folded text. */
const NON_WORD = /[^a-z0-9]+/;

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[a-z0-9]/.test(c);

function countMatches(text: string, kw: CompiledKeyword): number {
  let n = 0;
  let from = 0;
  for (;;) {
    const i = text.indexOf(kw.term, from);
    if (i === -1) return n;
    from = i + kw.term.length;
    if (kw.bounded && (isWordChar(text[i - 1]) || isWordChar(text[from]))) continue;
    n++;
    if (n >= 3) return n; // repetition beyond three adds nothing
  }
}

/** Weight of a title hit relative to a summary hit. */
const TITLE_FACTOR = 2;

/** Compiled topic rules: classify(title, summary) → topics with scores, best first. */
export class Classifier {
  private readonly topics: CompiledTopic[];
  /**
   * Word-bounded keyword → its leading word run. A whole-word match of "e-cny" starts where the
   * text's word run is exactly "e" (the run ends where the term's does, on a boundary or on the
   * term's own non-word character), so a keyword whose leading run is not among the text's runs
   * cannot match and is skipped without searching. Keywords without such a run (CJK terms, terms
   * that begin with punctuation) are always searched.
   */
  private readonly byLeadingWord = new Map<string, number[]>();
  private readonly alwaysSearch: boolean[] = [];

  constructor(rules: readonly TopicRule[]) {
    this.topics = rules.map((r) => {
      const keywords = r.keywords
        .map((k) => ({ term: foldText(k.term).trim(), weight: k.weight, bounded: /^[\x20-\x7e]+$/.test(k.term) }))
        .filter((k) => k.term.length > 0);
      const slots = keywords.map((kw) => {
        const slot = this.alwaysSearch.length;
        const lead = kw.bounded ? /^[a-z0-9]+/.exec(kw.term)?.[0] : undefined;
        this.alwaysSearch.push(lead === undefined);
        if (lead !== undefined) {
          const list = this.byLeadingWord.get(lead);
          if (list) list.push(slot);
          else this.byLeadingWord.set(lead, [slot]);
        }
        return slot;
      });
      return { id: r.id, minScore: r.minScore, keywords, slots };
    });
  }

  /** Marks the keywords whose leading word run occurs in `text`. */
  private markCandidates(text: string, marks: Uint8Array): void {
    for (const run of text.split(NON_WORD)) {
      const slots = run ? this.byLeadingWord.get(run) : undefined;
      if (slots) for (const slot of slots) marks[slot] = 1;
    }
  }

  /** Topic ids known to the classifier. */
  get topicIds(): string[] {
    return this.topics.map((t) => t.id);
  }

  /** Scores a story; only topics reaching their minimum score are returned. */
  classify(title: string, summary = ''): TopicScore[] {
    const t = foldText(title);
    const s = foldText(summary);
    const marks = new Uint8Array(this.alwaysSearch.length);
    this.markCandidates(t, marks);
    if (s) this.markCandidates(s, marks);
    const out: TopicScore[] = [];
    for (const topic of this.topics) {
      let score = 0;
      for (let k = 0; k < topic.keywords.length; k++) {
        const slot = topic.slots[k]!;
        if (!marks[slot] && !this.alwaysSearch[slot]) continue; // cannot match: no search needed
        const kw = topic.keywords[k]!;
        const inTitle = countMatches(t, kw);
        const inSummary = s ? countMatches(s, kw) : 0;
        if (inTitle || inSummary) score += kw.weight * (TITLE_FACTOR * Math.min(inTitle, 1) + Math.min(inSummary, 2) * 0.5 + (inTitle > 1 ? 0.5 : 0));
      }
      if (score >= topic.minScore) out.push({ topic: topic.id, score: Math.round(score * 100) / 100 });
    }
    return out.sort((a, b) => b.score - a.score);
  }
}
