/**
 * Retrieval for /ask: the curated facts and stored stories most relevant to a question, at most
 * about a dozen, best first. Ranking is by shared words (any of them, not all), with CJK bigrams
 * and a small Chinese → English glossary so questions in Chinese reach the English facts.
 */
import MiniSearch from 'minisearch';
import { safeHttpUrl, untrustedTitle } from '../core/text-safety.js';
import { normalizeText } from '../core/suggest.js';
import { STOP_WORDS, tokenizeMixed } from '../knowledge/text-index.js';
import type { NewsService, NewsStoryView } from '../news/news-service.js';
import { noCitationLookalikes } from './output.js';
import type { Passage } from './passages.js';

/** Question words that carry no subject. */
const QUESTION_WORDS = new Set([
  'a', 'an', 'the', 'of', 'and', 'or', 'in', 'on', 'for', 'to', 'at', 'by', 'is', 'are', 'was', 'were', 'be', 'been', 'do', 'does',
  'did', 'has', 'have', 'had', 'what', 'when', 'where', 'which', 'who', 'whom', 'why', 'how', 'many', 'much', 'there', 'it', 'its',
  'this', 'that', 'these', 'those', 'with', 'about', 'from', 'as', 'can', 'could', 'will', 'would', 'should', 'i', 'you', 'me',
  'my', 'we', 'us', 'our', 'they', 'them', 'their', 'tell', 'please', 'any', 'now', 'still', 'yet', 'so', 'if', 'not', 'no', 'yes',
]);

/** Chinese question words → the English words the store uses. */
const GLOSSARY: ReadonlyArray<[string, string]> = [
  ['利息', 'interest'], ['付息', 'interest'], ['钱包', 'wallets'], ['禁止', 'ban'], ['禁令', 'ban'], ['取缔', 'ban'],
  ['交易', 'trading transactions'], ['加密', 'crypto cryptocurrency'], ['虚拟货币', 'crypto cryptocurrency'], ['比特币', 'bitcoin'],
  ['挖矿', 'mining'], ['试点', 'pilot'], ['区块链', 'blockchain'], ['城市', 'city'], ['排名', 'ranking'], ['跨境', 'cross-border'],
  ['发行', 'launch issued'], ['推出', 'launch'], ['央行', 'PBoC central bank'], ['数字货币', 'digital currency CBDC'], ['稳定币', 'stablecoin'],
];

/** Question words → the words the store's statements use ("ranks first" → "ranked 1"). */
const ENGLISH_ALIASES = new Map([
  ['first', 'rank1'], ['second', 'rank2'], ['third', 'rank3'], ['top', 'rank1'], ['rank', 'ranked'], ['ranks', 'ranked'], ['ranking', 'ranked'],
  ['banned', 'ban'], ['bans', 'ban'], ['illegal', 'ban'], ['launched', 'launch'], ['interest', 'interest-bearing'],
]);

const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/gu;

/** Search terms of a question: subject words, CJK bigrams, glossary translations. */
export function questionTerms(question: string): string[] {
  const terms = new Set<string>();
  for (const t of tokenizeMixed(question)) {
    if (/[\u3400-\u9fff]/u.test(t) ? t.length >= 2 : t.length >= 2 && !QUESTION_WORDS.has(t)) terms.add(t);
  }
  for (const t of [...terms]) {
    const alias = ENGLISH_ALIASES.get(t);
    if (alias) for (const w of alias.split(' ')) terms.add(w);
  }
  const cjk = question.match(CJK_RUN)?.join(' ') ?? '';
  for (const [zh, en] of GLOSSARY) if (cjk.includes(zh)) for (const w of en.toLowerCase().split(' ')) terms.add(w);
  return [...terms];
}

/** True for words too generic to make a story relevant on their own (china, blockchain, cbdc…). */
function generic(term: string): boolean {
  return STOP_WORDS.has(term);
}

/** A search index over a fixed list of passages (the curated facts), built once. */
export class PassageIndex {
  private readonly byId = new Map<string, Passage>();
  private readonly search = new MiniSearch<{ id: string; text: string; keywords: string }>({
    fields: ['text', 'keywords'],
    storeFields: ['id'],
    tokenize: tokenizeMixed,
    processTerm: (t) => t,
  });

  constructor(passages: readonly Passage[]) {
    for (const p of passages) this.byId.set(p.id, p);
    this.search.addAll([...this.byId.values()].map((p) => ({ id: p.id, text: `${p.date ?? ''} ${p.text} ${p.note ?? ''}`, keywords: p.keywords ?? '' })));
  }

  /** Number of indexed passages. */
  get size(): number {
    return this.byId.size;
  }

  /** Passages sharing words with the question, best first; weak matches (< 30 % of the best) are dropped. */
  find(question: string, limit: number): Passage[] {
    const terms = questionTerms(question);
    if (terms.length === 0 || limit <= 0) return [];
    const hits = this.search.search(terms.join(' '), {
      combineWith: 'OR',
      boost: { text: 1, keywords: 1.5 },
      // Words with digits (years, rank1) match exactly: "rank1" must not find "rank9".
      fuzzy: (t) => (t.length >= 5 && !/\d/.test(t) ? 0.2 : false),
      prefix: (t) => t.length >= 4 && !/\d/.test(t),
      tokenize: (s) => s.split(' '),
      processTerm: (t) => t,
    });
    const best = hits[0]?.score ?? 0;
    return hits
      .filter((h) => h.score >= best * 0.3)
      .slice(0, limit)
      .map((h) => this.byId.get(String(h.id))!);
  }
}

/** A stored story as a passage: its title cleaned (untrusted text), its own link the only link. */
export function storyPassage(s: NewsStoryView): Passage | undefined {
  const url = safeHttpUrl(s.url);
  const title = noCitationLookalikes(untrustedTitle(s.title)).slice(0, 300);
  if (!url || title.length < 3) return undefined;
  const date = s.publishedAt.slice(0, 10);
  const outlet = s.outlets[0] ? untrustedTitle(s.outlets[0].name) : undefined;
  return {
    id: `story:${s.id}`,
    kind: 'story',
    text: title,
    date,
    status: 'unverified',
    note: 'news headline, not checked by chainbrief',
    sources: [{ title, url, date, ...(outlet ? { publisher: outlet } : {}) }],
    command: '/news',
  };
}

/** Stored stories relevant to the question: searched by its subject words, ranked by words matched, then recency. */
export async function findStories(news: NewsService, question: string, limit: number): Promise<Passage[]> {
  const terms = questionTerms(question).filter((t) => !/^\d+$/.test(t));
  const specific = terms.filter((t) => !generic(t));
  const searchTerms = specific.length ? specific : terms;
  if (searchTerms.length === 0 || limit <= 0) return [];
  const found = await news.search({ terms: searchTerms, limit: 50 });
  const scored = found.map((s, order) => {
    const title = normalizeText(s.title);
    const score = terms.reduce((n, t) => n + (title.includes(t) ? (generic(t) ? 0.3 : 1) : 0), 0);
    return { s, score, order };
  });
  return scored
    .filter((x) => x.score >= 1)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map((x) => storyPassage(x.s))
    .filter((p): p is Passage => p !== undefined)
    .slice(0, limit);
}

/** Most passages given to the model. */
export const MAX_PASSAGES = 12;
/** Most stories among them (checked facts come first). */
export const MAX_STORIES = 4;

/** Facts then stories for a question, at most MAX_PASSAGES; a failing news store only loses the stories. */
export async function retrieve(
  question: string,
  deps: { index: PassageIndex; news?: NewsService | undefined; onNewsError?: (err: unknown) => void },
): Promise<Passage[]> {
  let stories: Passage[] = [];
  if (deps.news) {
    try {
      stories = await findStories(deps.news, question, MAX_STORIES);
    } catch (err) {
      deps.onNewsError?.(err);
    }
  }
  const facts = deps.index.find(question, MAX_PASSAGES - stories.length);
  return [...facts, ...stories];
}
