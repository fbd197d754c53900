/** /news [topic] [count] — the latest ingested stories, newest first, with outlets, time and link. */
import type { Choice } from '../src/core/command.js';
import { UserFacingError } from '../src/core/errors.js';
import type { Reply, ReplyItem } from '../src/core/reply.js';
import { closestMatches, didYouMean, normalizeText } from '../src/core/suggest.js';
import type { NewsService, NewsStoryView } from '../src/news/news-service.js';
import { defineCommand, type Services } from './services.js';

const DEFAULT_COUNT = 5;

/** The news service, or a clear error when this bot runs without the news pipeline. */
export function requireNews(services: Services): NewsService {
  if (!services.news) {
    throw new UserFacingError('unavailable', 'News is not enabled on this bot (the news pipeline is not running). Try /china-blockchain or /cbdc-status.');
  }
  return services.news;
}

/** "3 h ago" style age for a timestamp, from the injected clock. */
export function ago(iso: string, now: Date): string {
  const mins = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 60_000));
  if (mins < 1) return 'just now';
  if (mins < 60) return `${mins} min ago`;
  const h = Math.round(mins / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} days ago`;
}

/** The link's label: the outlet it leads to (its host when no outlet is named). */
function linkLabel(s: NewsStoryView): string {
  const first = s.outlets[0]?.name;
  if (first) return first;
  try {
    return new URL(s.url).host;
  } catch {
    return 'link';
  }
}

/**
 * One story: "[date] Title — outlets · time" with the link labelled by its outlet. The title and
 * the date live in the item alone: renderers print a link's title (and its date, in the sources
 * list) next to the item, so repeating them there would show each one twice.
 */
function storyItem(s: NewsStoryView, now: Date): ReplyItem {
  const outlets = s.outlets.map((o) => o.name);
  const shown = outlets.length > 3 ? `${outlets.slice(0, 3).join(', ')} +${outlets.length - 3}` : outlets.join(', ');
  const time = `${s.publishedAt.slice(11, 16)} UTC, ${ago(s.publishedAt, now)}`;
  return {
    text: `${s.title}${shown ? ` — ${shown}` : ''} · ${time}`,
    date: s.publishedAt.slice(0, 10),
    source: { title: linkLabel(s), url: s.url },
  };
}

export default defineCommand({
  data: {
    name: 'news',
    description: 'Latest news on China blockchain and CBDCs, newest first',
    permission: 'everyone',
    dmAllowed: true,
    options: [
      { type: 'string', name: 'topic', description: 'Topic, e.g. cbdc, china-blockchain, policy', autocomplete: 'news-topic', maxLength: 40, greedy: true },
      { type: 'integer', name: 'count', description: 'How many stories to list (default 5)', min: 1, max: 10 },
    ],
    examples: ['/news', '/news cbdc', '/news china-blockchain 10'],
  },
  async autocomplete(option, query, services): Promise<Choice[]> {
    if (option !== 'topic' || !services.news) return [];
    const q = query.toLowerCase();
    return services.news
      .topics()
      .filter((t) => t.id.includes(q) || t.label.toLowerCase().includes(q))
      .map((t) => ({ name: `${t.label} (${t.id})`, value: t.id }));
  },
  async execute({ args, services, clock }): Promise<Reply> {
    const news = requireNews(services);
    const topics = news.topics();
    let topic: { id: string; label: string } | undefined;
    if (typeof args.topic === 'string' && args.topic.trim()) {
      const wanted = args.topic.trim().toLowerCase().replace(/[\s_]+/g, '-');
      const key = normalizeText(args.topic);
      topic = topics.find((t) => [t.id, t.label, ...(t.aliases ?? [])].some((name) => normalizeText(name) === key));
      if (!topic) {
        const sugg = closestMatches(wanted, topics.map((t) => t.id));
        throw new UserFacingError('not-found', `No news topic called "${wanted}".${didYouMean(sugg)} Topics: ${topics.map((t) => t.id).join(', ')}.`, sugg);
      }
    }
    const count = typeof args.count === 'number' ? args.count : DEFAULT_COUNT;
    const now = clock.now();
    const stories = await news.latest({ ...(topic ? { topic: topic.id } : {}), limit: count });
    const title = topic ? `Latest news — ${topic.label}` : 'Latest news';
    if (stories.length === 0) {
      const last = await news.lastIngest();
      return {
        title,
        text: last
          ? `No stories${topic ? ` on ${topic.label}` : ''} yet. Last successful ingest: ${last.at.slice(0, 16).replace('T', ' ')} UTC (${ago(last.at, now)}).`
          : `No stories${topic ? ` on ${topic.label}` : ''} yet: no news ingest has completed so far.`,
        footer: 'Topics: ' + topics.map((t) => t.id).join(', '),
      };
    }
    const last = await news.lastIngest();
    return {
      title,
      sections: [{ items: stories.map((s) => storyItem(s, now)) }],
      ...(last ? { asOf: last.at.slice(0, 10) } : {}),
      footer: `${stories.length} ${stories.length === 1 ? 'story' : 'stories'}, newest first. Headlines come from the outlets named; chainbrief has not checked them.`,
    };
  },
});
