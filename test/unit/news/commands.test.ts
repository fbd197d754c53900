import { describe, expect, it } from 'vitest';
import news from '../../../commands/news.js';
import sources from '../../../commands/sources.js';
import type { Services } from '../../../commands/services.js';
import { renderPlain } from '../../../src/adapters/console/render.js';
import { BotCore } from '../../../src/core/dispatch.js';
import type { KnowledgeBase } from '../../../src/knowledge/knowledge-base.js';
import type { NewsService, NewsStoryView } from '../../../src/news/news-service.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const clock = { now: () => NOW };
const actor = { platform: 'console' as const, userId: 'u', isModerator: false };
const mod = { ...actor, isModerator: true };

function fakeNews(stories: NewsStoryView[], last?: string): NewsService {
  return {
    topics: () => [
      { id: 'cbdc', label: 'CBDCs' },
      { id: 'china-blockchain', label: 'China blockchain' },
    ],
    latest: async ({ topic, limit }) => stories.filter((s) => !topic || s.topics.includes(topic)).slice(0, limit),
    search: async ({ terms, limit }) => stories.filter((s) => terms.some((t) => s.title.toLowerCase().includes(t.toLowerCase()))).slice(0, limit),
    lastIngest: async () => (last ? { at: last, sourcesOk: 3, sourcesFailed: 1, newStories: 0 } : undefined),
    sources: async () => [
      { id: 'a', name: 'Outlet A', url: 'https://a.example/rss', healthy: true, pending: false, consecutiveFailures: 0, errorCount: 0, itemCount: 12, lastSuccessAt: '2025-03-01T11:45:00Z' },
      { id: 'b', name: 'Outlet B', url: 'https://b.example/rss', healthy: false, pending: false, consecutiveFailures: 4, errorCount: 9, itemCount: 0, lastError: { at: '2025-03-01T11:50:00Z', reason: 'timeout: no complete answer within 15000 ms' } },
    ],
  };
}

function core(newsService?: NewsService): BotCore<Services> {
  const services: Services = { knowledge: {} as KnowledgeBase, version: 'test', ...(newsService ? { news: newsService } : {}) };
  return new BotCore<Services>({ commands: [news, sources], services, clock });
}

const story: NewsStoryView = {
  id: '1',
  title: 'PBoC expands e-CNY pilot',
  url: 'https://a.example/ecny',
  publishedAt: '2025-03-01T09:30:00.000Z',
  outlets: [
    { name: 'Outlet A', url: 'https://a.example/ecny' },
    { name: 'Outlet B', url: 'https://b.example/ecny' },
  ],
  topics: ['cbdc'],
};

describe('/news', () => {
  it('lists stories with outlets, time and link', async () => {
    const r = await core(fakeNews([story], '2025-03-01T11:45:00Z')).handleText('/news cbdc', actor, 'console:local');
    const text = renderPlain(r!);
    expect(text).toContain('Latest news — CBDCs');
    expect(text).toContain('PBoC expands e-CNY pilot — Outlet A, Outlet B · 09:30 UTC, 3 h ago');
    expect(text).toContain('https://a.example/ecny');
  });

  it('shows a story\'s title and date once per item, keeping outlets, time and link', async () => {
    const late: NewsStoryView = { ...story, id: '2', title: 'Digital euro bill clears committee', url: 'https://b.example/euro', publishedAt: '2025-02-28T22:30:00.000Z' };
    const r = await core(fakeNews([late, story], '2025-03-01T11:45:00Z')).handleText('/news', actor, 'console:local');
    const text = renderPlain(r!);
    for (const s of [late, story]) expect(text.split(s.title)).toHaveLength(2); // the title once
    expect(text.split('2025-02-28')).toHaveLength(2); // the story's date once (the other story and "As of" are 2025-03-01)
    expect(text).toContain('Digital euro bill clears committee — Outlet A, Outlet B · 22:30 UTC, 14 h ago'); // outlets and time
    expect(text).toContain('https://b.example/euro'); // the link
    // Platform renderers show an item's link text beside the item text: it must not repeat the title.
    const items = r!.sections![0]!.items;
    for (const [i, s] of [late, story].entries()) {
      expect(items[i]!.source).toMatchObject({ url: s.url, title: 'Outlet A' });
      expect(items[i]!.source!.date).toBeUndefined();
      expect(items[i]!.date).toBe(s.publishedAt.slice(0, 10));
    }
  });

  it('says when the last successful ingest ran when nothing matches', async () => {
    const r = await core(fakeNews([], '2025-03-01T11:45:00Z')).dispatch({ command: 'news', args: { topic: 'china-blockchain' }, actor, conversation: 'console:local' });
    expect(r.text).toMatch(/No stories on China blockchain yet\. Last successful ingest: 2025-03-01 11:45 UTC \(15 min ago\)/);
    const none = await core(fakeNews([])).dispatch({ command: 'news', args: {}, actor, conversation: 'console:local' });
    expect(none.text).toMatch(/no news ingest has completed/);
  });

  it('rejects unknown topics with suggestions and bad counts', async () => {
    const r = await core(fakeNews([story])).handleText('/news cbdcc', actor, 'console:local');
    expect(r).toMatchObject({ kind: 'error' });
    expect(r!.text).toContain('Did you mean');
    const c = await core(fakeNews([story])).handleText('/news cbdc 99', actor, 'console:local');
    expect(c).toMatchObject({ kind: 'error' });
  });

  it('gives a clear error when the news service is absent', async () => {
    const r = await core().dispatch({ command: 'news', args: {}, actor, conversation: 'console:local' });
    expect(r).toMatchObject({ kind: 'error', title: 'Not available' });
    expect(r.text).toMatch(/News is not enabled/);
  });

  it('autocompletes topics', async () => {
    expect(await core(fakeNews([])).autocomplete('news', 'topic', 'china')).toEqual([{ name: 'China blockchain (china-blockchain)', value: 'china-blockchain' }]);
  });
});

describe('/sources', () => {
  it('is for moderators only', async () => {
    const r = await core(fakeNews([])).dispatch({ command: 'sources', args: {}, actor, conversation: 'console:local' });
    expect(r).toMatchObject({ kind: 'error', title: 'Not allowed' });
  });

  it('lists health, last success, item counts and the failure reason, unhealthy first', async () => {
    const r = await core(fakeNews([])).dispatch({ command: 'sources', args: {}, actor: mod, conversation: 'console:local' });
    const text = renderPlain(r);
    expect(text.indexOf('Outlet B')).toBeLessThan(text.indexOf('Outlet A'));
    expect(text).toContain('UNHEALTHY (4 failures in a row)');
    expect(text).toContain('timeout: no complete answer');
    expect(text).toContain('last success 15 min ago; 12 items');
    expect(r.ephemeral).toBe(true);
  });
});
