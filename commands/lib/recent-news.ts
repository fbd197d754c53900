/**
 * "In the news" beside a curated answer: up to three stored stories from the last 30 days whose
 * titles name the country or topic. Clearly labelled as headlines, not checked facts.
 */
import type { ReplyItem, ReplySection } from '../../src/core/reply.js';
import { normalizeText } from '../../src/core/suggest.js';
import type { NewsService, NewsStoryView } from '../../src/news/news-service.js';

/** How far back stories count as recent. */
export const RECENT_NEWS_DAYS = 30;
/** At most this many stories beside an answer. */
export const RECENT_NEWS_LIMIT = 3;
/** Heading that tells readers these are news headlines, not curated facts. */
export const RECENT_NEWS_TITLE = `Recent news (last ${RECENT_NEWS_DAYS} days) — headlines from outlets, not checked facts`;

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/**
 * A headline made safe to show as data: links, @mentions and Discord/Telegram mention syntax
 * removed, whitespace collapsed. (Renderers still escape it for their markup.)
 */
export function cleanHeadline(title: string): string {
  return title
    .replace(/\bhttps?:\/\/\S+/gi, '')
    .replace(/\bwww\.\S+/gi, '')
    .replace(/<[@#][!&]?\d+>/g, '')
    .replace(/(^|\s)@[\w.-]+/g, '$1')
    .replace(/[@＠]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when the term occurs as whole words in the title (CJK terms: anywhere). */
function mentions(title: string, term: string): boolean {
  const t = normalizeText(term);
  if (!t) return false;
  const n = normalizeText(title);
  return CJK.test(t) ? n.includes(t) : ` ${n} `.includes(` ${t} `);
}

function storyItem(s: NewsStoryView, headline: string): ReplyItem {
  const outlet = s.outlets[0]?.name ?? safeHost(s.url);
  return { text: `${headline} — ${outlet}`, date: s.publishedAt.slice(0, 10), source: { title: outlet, url: s.url } };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'link';
  }
}

/**
 * The recent-news section for these search terms, or undefined when there is no news service or
 * no matching story. When the news store fails, the section says so in one line: a curated answer
 * never fails because of news.
 */
export async function recentNewsSection(news: NewsService | undefined, terms: readonly string[], now: Date): Promise<ReplySection | undefined> {
  const wanted = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length >= 2))];
  if (!news || wanted.length === 0) return undefined;
  let stories: NewsStoryView[];
  try {
    stories = await news.search({ terms: wanted, sinceMs: now.getTime() - RECENT_NEWS_DAYS * 86_400_000, limit: 20 });
  } catch {
    return { title: RECENT_NEWS_TITLE, items: [{ text: 'Recent news could not be read just now; the curated answer above is complete.' }] };
  }
  const items: ReplyItem[] = [];
  for (const s of stories) {
    const headline = cleanHeadline(s.title);
    if (!headline || !wanted.some((t) => mentions(headline, t))) continue;
    items.push(storyItem(s, headline));
    if (items.length >= RECENT_NEWS_LIMIT) break;
  }
  return items.length ? { title: RECENT_NEWS_TITLE, items } : undefined;
}
