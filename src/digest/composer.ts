/**
 * Composes a digest: the stories stored since the conversation's cursor (ingest sequence),
 * filtered by topics, ranked (outlets, recency, source weight), grouped by topic and capped, as a
 * platform-neutral Reply. Nothing new gives no Reply: an empty digest is never posted.
 */
import type { Reply, ReplyItem, ReplySection } from '../core/reply.js';
import { safeHeadline, storyLink } from './headline.js';
import { zonedDateTime } from './schedule.js';
import type { FeedStory, StoryFeed, TopicLabel } from './story-feed.js';

/** What the composer needs to know about a digest. */
export interface DigestScope {
  topics: readonly string[];
  maxItems: number;
  /** Newest sequence already covered; null before the first digest (which covers the last 24 h). */
  cursorSeq: number | null;
  /** When the previous digest ran (epoch ms), for the period shown in the header. */
  lastRunAt: number | null;
  timezone: string;
}

/** A composed digest; `reply` is undefined when nothing is new. */
export interface Composition {
  reply?: Reply;
  /** The newest sequence looked at: the digest's cursor after this one is posted. */
  lastSeq: number;
  /** Matching stories in the period. */
  total: number;
}

const PAGE = 500;
/** Longest scan for one digest (a first digest on a large table). */
const MAX_SCAN = 20_000;
export const FIRST_DIGEST_WINDOW_MS = 24 * 3_600_000;

/** Higher is better: outlets count most, then recency (over two days), then the source weight. */
export function rankScore(s: FeedStory, now: number): number {
  const ageH = Math.max(0, (now - Date.parse(s.publishedAt)) / 3_600_000);
  const recency = Math.max(0, 1 - ageH / 48);
  const weight = Math.max(1, ...s.outlets.map((o) => o.weight ?? 1));
  return s.outlets.length * 2 + recency + (weight - 1);
}

async function collect(feed: StoryFeed, scope: DigestScope, since: number): Promise<{ stories: FeedStory[]; lastSeq: number }> {
  let after = scope.cursorSeq ?? 0;
  const stories: FeedStory[] = [];
  for (let scanned = 0; scanned < MAX_SCAN; ) {
    const page = await feed.listSince({ afterSeq: after, limit: PAGE, ...(scope.topics.length ? { topics: scope.topics } : {}) });
    if (page.length === 0) break;
    for (const s of page) {
      after = Math.max(after, s.seq);
      // Backfill (a source's first pass) and, for a first digest, anything older than the window stay out.
      const published = Date.parse(s.publishedAt);
      if ((scope.cursorSeq === null || s.firstPass) && !(published >= since)) continue;
      if (scope.topics.length && !s.topics.some((t) => scope.topics.includes(t))) continue;
      stories.push(s);
    }
    scanned += page.length;
    if (page.length < PAGE) break;
  }
  // The cursor must pass stories the topic filter hid from the feed query too.
  return { stories, lastSeq: Math.max(after, scope.cursorSeq ?? 0) };
}

/** One story as a digest or alert line: headline, outlets, time in the zone, link. */
export function storyItem(s: FeedStory, timezone: string): ReplyItem {
  const names = s.outlets.map((o) => safeHeadline(o.name, 60));
  const outlets = names.length > 3 ? `${names.slice(0, 3).join(', ')} +${names.length - 3}` : names.join(', ');
  const when = zonedDateTime(new Date(s.publishedAt), timezone).slice(4);
  const link = storyLink(s.url);
  return {
    text: `${safeHeadline(s.title)}${outlets ? ` — ${outlets}` : ''} · ${when}`,
    date: s.publishedAt.slice(0, 10),
    ...(link ? { source: { title: names[0] ?? new URL(link).host, url: link } } : {}),
  };
}

/** The topic a story is listed under: the first of the digest's topics it has, else its own first. */
function groupOf(s: FeedStory, scope: DigestScope): string {
  return scope.topics.find((t) => s.topics.includes(t)) ?? s.topics[0] ?? 'other';
}

/** Builds the digest for `scope` at `now`; `delayedSlot` marks a slot posted late after a restart. */
export async function composeDigest(
  feed: StoryFeed,
  scope: DigestScope,
  labels: readonly TopicLabel[],
  now: number,
  opts: { delayedSlot?: number } = {},
): Promise<Composition> {
  const since = scope.cursorSeq === null ? now - FIRST_DIGEST_WINDOW_MS : (scope.lastRunAt ?? now - FIRST_DIGEST_WINDOW_MS);
  const { stories, lastSeq } = await collect(feed, scope, since);
  if (stories.length === 0) return { lastSeq, total: 0 };
  const ranked = [...stories].sort((a, b) => rankScore(b, now) - rankScore(a, now) || b.seq - a.seq);
  const shown = ranked.slice(0, scope.maxItems);
  const rest = ranked.slice(scope.maxItems);
  const label = (id: string): string => labels.find((l) => l.id === id)?.label ?? id;
  const groups = new Map<string, FeedStory[]>();
  for (const s of shown) {
    const g = groupOf(s, scope);
    groups.set(g, [...(groups.get(g) ?? []), s]);
  }
  const sections: ReplySection[] = [...groups].map(([g, list]) => ({ title: label(g), items: list.map((s) => storyItem(s, scope.timezone)) }));
  const restByTopic = new Map<string, number>();
  for (const s of rest) restByTopic.set(groupOf(s, scope), (restByTopic.get(groupOf(s, scope)) ?? 0) + 1);
  const more = rest.length
    ? `…and ${rest.length} more: ${[...restByTopic].map(([t, n]) => (restByTopic.size > 1 ? `/news ${t} (${n})` : `/news ${t}`)).join(', ')}`
    : undefined;
  const period = `${zonedDateTime(new Date(since), scope.timezone)} – ${zonedDateTime(new Date(now), scope.timezone)} (${scope.timezone})`;
  const delayed = opts.delayedSlot !== undefined ? ` Delayed: this digest was due at ${zonedDateTime(new Date(opts.delayedSlot), scope.timezone)}.` : '';
  const count = `${stories.length} new ${stories.length === 1 ? 'story' : 'stories'}`;
  return {
    lastSeq,
    total: stories.length,
    reply: {
      title: `Digest — ${count}`,
      text: `${period}.${delayed}`,
      sections,
      footer: [more, 'Headlines come from the outlets named; chainbrief has not checked them.'].filter(Boolean).join('\n'),
    },
  };
}
