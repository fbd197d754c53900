/**
 * Literal matching for alert subscriptions: NFKC + lower case on both sides (so width and case do
 * not matter), whole words for Latin-script terms, anywhere for CJK terms. Never a regular
 * expression built from user text.
 */
import type { FeedStory } from './story-feed.js';
import type { Subscription } from './alert-repository.js';

/** The stored form of a subscription value or a text to search. */
export function normalizeTerm(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const WORDISH = /[\p{L}\p{N}]/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function boundary(ch: string | undefined, neighbour: string): boolean {
  // CJK text has no spaces between words: a CJK term's edge is always a boundary.
  return ch === undefined || !WORDISH.test(ch) || CJK.test(neighbour) || CJK.test(ch);
}

/** True when the normalised `term` occurs in the normalised `text` as a whole word or phrase. */
export function containsTerm(text: string, term: string): boolean {
  if (!term) return false;
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    const before = at > 0 ? text[at - 1] : undefined;
    const after = text[at + term.length];
    if (boundary(before, term[0]!) && boundary(after, term[term.length - 1]!)) return true;
  }
  return false;
}

/** The first subscription of each conversation that the story matches (one alert per conversation). */
export function matchStory(story: FeedStory, subs: readonly Subscription[]): Map<string, Subscription> {
  const title = normalizeTerm(story.title);
  const out = new Map<string, Subscription>();
  for (const sub of subs) {
    if (out.has(sub.conversation)) continue;
    const hit = sub.kind === 'topic' ? story.topics.includes(sub.value) : containsTerm(title, sub.value);
    if (hit) out.set(sub.conversation, sub);
  }
  return out;
}
