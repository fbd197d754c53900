/**
 * Topic tagging by keyword and phrase rules (English and Chinese), case- and width-insensitive,
 * with a score. Matching is plain substring search with word-boundary checks — no regex built
 * from configuration, so no rule can cause catastrophic backtracking.
 */
import type { TopicRule } from './topics-config.js';
import type { TopicScore } from './types.js';

/** Case-, width- and dash-insensitive form used on both sides of a match. */
export function foldText(s: string): string {
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
}

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

  constructor(rules: readonly TopicRule[]) {
    this.topics = rules.map((r) => ({
      id: r.id,
      minScore: r.minScore,
      keywords: r.keywords
        .map((k) => ({ term: foldText(k.term).trim(), weight: k.weight, bounded: /^[\x20-\x7e]+$/.test(k.term) }))
        .filter((k) => k.term.length > 0),
    }));
  }

  /** Topic ids known to the classifier. */
  get topicIds(): string[] {
    return this.topics.map((t) => t.id);
  }

  /** Scores a story; only topics reaching their minimum score are returned. */
  classify(title: string, summary = ''): TopicScore[] {
    const t = foldText(title);
    const s = foldText(summary);
    const out: TopicScore[] = [];
    for (const topic of this.topics) {
      let score = 0;
      for (const kw of topic.keywords) {
        const inTitle = countMatches(t, kw);
        const inSummary = s ? countMatches(s, kw) : 0;
        if (inTitle || inSummary) score += kw.weight * (TITLE_FACTOR * Math.min(inTitle, 1) + Math.min(inSummary, 2) * 0.5 + (inTitle > 1 ? 0.5 : 0));
      }
      if (score >= topic.minScore) out.push({ topic: topic.id, score: Math.round(score * 100) / 100 });
    }
    return out.sort((a, b) => b.score - a.score);
  }
}
