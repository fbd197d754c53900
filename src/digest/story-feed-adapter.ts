/** The StoryFeed port over the news store's repository: outlet names and weights from the feeds file. */
import type { FeedSource } from '../news/feeds-config.js';
import type { StoryRepository } from '../news/story-repository.js';
import type { StoredStory } from '../news/types.js';
import type { FeedStory, StoryFeed } from './story-feed.js';

/** Adapts the repository; stories stored silently (`announce` false) count as first-pass. */
export function storyFeedFrom(repo: StoryRepository, sources: readonly FeedSource[]): StoryFeed {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const toFeed = (s: StoredStory): FeedStory => ({
    seq: s.seq,
    id: s.id,
    title: s.title,
    url: s.canonicalUrl || s.url,
    publishedAt: s.publishedAt,
    outlets: s.sources.map((o) => ({ name: byId.get(o.sourceId)?.name ?? o.sourceId, weight: byId.get(o.sourceId)?.weight ?? 1 })),
    topics: s.topics.map((t) => t.topic),
    firstPass: s.firstPass || !s.announce,
  });
  return {
    latestSequence: () => repo.latestSequence(),
    async listSince(q) {
      const rows = await repo.listSince({ afterSeq: q.afterSeq, limit: q.limit, ...(q.topics ? { topics: [...q.topics] } : {}) });
      return rows.map(toFeed);
    },
  };
}
