/** /sources — moderators: every news source with health, last success, failure reason and item count. */
import type { Reply, ReplyItem } from '../src/core/reply.js';
import type { SourceStatusView } from '../src/news/news-service.js';
import { ago, requireNews } from './news.js';
import { defineCommand } from './services.js';

function sourceItem(s: SourceStatusView, now: Date): ReplyItem {
  const n = s.consecutiveFailures;
  const failures = `${n} failure${n === 1 ? '' : 's'} in a row`;
  const state = s.pending ? 'not polled yet' : s.healthy ? (n ? `ok (${n} recent failure${n === 1 ? '' : 's'})` : 'healthy') : `UNHEALTHY (${failures})`;
  const success = s.lastSuccessAt ? `last success ${ago(s.lastSuccessAt, now)}` : 'never succeeded';
  const parts = [`${s.name} [${s.id}] — ${state}; ${success}; ${s.itemCount} items; ${s.errorCount} errors counted`];
  if (s.lastError && (!s.healthy || s.consecutiveFailures > 0)) parts.push(`last error ${ago(s.lastError.at, now)}: ${s.lastError.reason}`);
  return { text: parts.join(' · ') };
}

export default defineCommand({
  data: {
    name: 'sources',
    description: 'News sources with their health, last success and item counts',
    permission: 'moderator',
    dmAllowed: false,
    options: [],
    examples: ['/sources'],
  },
  async execute({ services, clock }): Promise<Reply> {
    const news = requireNews(services);
    const list = await news.sources();
    const now = clock.now();
    const unhealthy = list.filter((s) => !s.healthy && !s.pending);
    const pending = list.filter((s) => s.pending);
    const healthy = list.filter((s) => s.healthy);
    const ordered = [...unhealthy, ...pending, ...healthy];
    return {
      title: 'News sources',
      text: `${list.length} sources: ${healthy.length} healthy, ${unhealthy.length} unhealthy${pending.length ? `, ${pending.length} not polled yet` : ''}.`,
      sections: [{ items: ordered.map((s) => sourceItem(s, now)) }],
      footer: 'Unhealthy sources back off and are retried automatically; fix or remove them in config/feeds.yaml.',
      ephemeral: true,
    };
  },
});
