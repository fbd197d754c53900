import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import type { Actor } from '../../../src/core/command.js';
import type { BotCore } from '../../../src/core/dispatch.js';
import { countItems, type Reply } from '../../../src/core/reply.js';
import { renderPlain } from '../../../src/adapters/console/render.js';
import { renderReply as renderTelegram } from '../../../src/adapters/telegram/render.js';
import { renderReply as renderDiscord } from '../../../src/adapters/discord/render.js';
import type { NewsService, NewsStoryView } from '../../../src/news/news-service.js';
import { loadTopicsConfig } from '../../../src/news/topics-config.js';
import { RECENT_NEWS_TITLE, cleanHeadline } from '../../../commands/lib/recent-news.js';
import type { Services } from '../../../commands/services.js';

const NOW = new Date('2026-12-03T12:00:00Z');
const member: Actor = { platform: 'console', userId: 'u', isModerator: false };
const topics = await loadTopicsConfig('config/topics.yaml');

function story(id: string, title: string, daysAgo: number, topicIds: string[] = ['cbdc']): NewsStoryView {
  return {
    id,
    title,
    url: `https://news.example/${id}`,
    publishedAt: new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString(),
    outlets: [{ name: 'Outlet A', url: `https://news.example/${id}` }],
    topics: topicIds,
  };
}

/** A news port over a fixed list, honouring terms, sinceMs and limit like the real one. */
function fakeNews(stories: NewsStoryView[], calls: string[][] = []): NewsService {
  return {
    topics: () => topics.map((t) => ({ id: t.id, label: t.label, aliases: t.aliases })),
    latest: async ({ topic, limit }) => stories.filter((s) => !topic || s.topics.includes(topic)).slice(0, limit),
    search: async ({ terms, sinceMs, limit }) => {
      calls.push(terms);
      return stories
        .filter((s) => (sinceMs === undefined || Date.parse(s.publishedAt) >= sinceMs) && terms.some((t) => s.title.toLowerCase().includes(t.toLowerCase())))
        .slice(0, limit);
    },
    lastIngest: async () => ({ at: NOW.toISOString(), sourcesOk: 1, sourcesFailed: 0, newStories: 0 }),
    sources: async () => [],
  };
}

async function coreWith(news?: NewsService): Promise<BotCore<Services>> {
  return (await createApp({ clock: { now: () => NOW }, ...(news ? { extraServices: { news } } : {}) })).core;
}

let plain: BotCore<Services>;
beforeAll(async () => {
  plain = await coreWith();
});

async function run(core: BotCore<Services>, line: string): Promise<Reply> {
  const r = await core.handleText(line, member, 'console:local');
  if (!r) throw new Error(`not a command: ${line}`);
  return r;
}

describe('questions in plain words (issue 13 item 6)', () => {
  it('"Is crypto banned in China?" reaches the ban topic', async () => {
    const r = await run(plain, '/china-blockchain Is crypto banned in China?');
    expect(r.kind).not.toBe('error');
    expect(r.title).toContain('Cryptocurrency ban');
  });
  it('"Xi Jinping 2019 speech" finds the 2019 Politburo study session', async () => {
    const r = await run(plain, '/china-blockchain Xi Jinping 2019 speech');
    expect(r.kind).not.toBe('error');
    expect(r.sections![0]!.items[0]!.text).toMatch(/Politburo/);
    expect(r.sections![0]!.items[0]!.date).toBe('2019-10-24');
  });
  it('a question to /cbdc-status reaches the jurisdiction it names', async () => {
    expect((await run(plain, '/cbdc-status Which country launched the Sand Dollar?')).title).toContain('Bahamas');
    expect((await run(plain, '/cbdc-status What is the status of the digital ruble?')).title).toContain('Russia');
  });
  it('"not found" suggests the closest topics', async () => {
    const r = await run(plain, '/china-blockchain what about jinpin speeches');
    expect(r.kind).toBe('error');
    expect(r.text).toMatch(/Closest topics: .*Blockchain policy/);
  });
  it.each(['/news digital yuan', '/news e-CNY', '/news "digital yuan"', '/news 数字人民币'])('%s reaches the cbdc topic', async (line) => {
    const core = await coreWith(fakeNews([story('1', 'PBoC widens e-CNY use', 1)]));
    const r = await run(core, line);
    expect(r.kind, renderPlain(r)).not.toBe('error');
    expect(r.title).toBe('Latest news — CBDCs');
  });
  it('/news digital yuan 3 still reads the count', async () => {
    const core = await coreWith(fakeNews([story('1', 'a e-CNY', 1), story('2', 'b e-CNY', 1), story('3', 'c e-CNY', 1), story('4', 'd e-CNY', 1)]));
    expect(countItems(await run(core, '/news digital yuan 3'))).toBe(3);
  });
});

describe('no unexplained "seed article" (issue 13 item 7)', () => {
  it('topic names, descriptions, fact texts and notes never say "seed article"', async () => {
    const { services } = await createApp();
    const kb = services.knowledge;
    for (const t of kb.allTopics()) expect(`${t.id} ${t.name} ${t.description}`, t.id).not.toMatch(/seed/i);
    for (const f of kb.facts()) expect(`${f.text} ${f.note ?? ''}`, f.id).not.toMatch(/seed article/i);
    expect(renderPlain(await run(plain, '/china-blockchain'))).not.toMatch(/seed/i);
  });
  it('the old name still finds the topic, which says what the article is', async () => {
    const r = await run(plain, '/china-blockchain seed article');
    expect(r.title).toContain('BitBoy Crypto');
  });
});

describe('recent news beside curated answers', () => {
  const stories = [
    story('r1', 'Digital ruble rollout reaches big banks https://evil.example @everyone', 2),
    story('r2', 'Bank of Russia on the digital ruble', 10),
    story('r3', 'Digital ruble pilots widen', 20),
    story('r4', 'Digital ruble fourth story', 25),
    story('old', 'Digital ruble story from last year', 200),
    story('b1', 'New crypto ban notice explained', 3, ['policy']),
  ];
  it('/cbdc-status Russia ends with up to three recent stories under a news heading, titles cleaned', async () => {
    const r = await run(await coreWith(fakeNews(stories)), '/cbdc-status Russia');
    const last = r.sections!.at(-1)!;
    expect(last.title).toBe(RECENT_NEWS_TITLE);
    expect(last.title).toMatch(/not checked facts/);
    expect(last.items).toHaveLength(3);
    const text = last.items.map((i) => i.text).join('\n');
    expect(text).not.toContain('http');
    expect(text).not.toContain('@');
    expect(text).not.toContain('last year');
    for (const i of last.items) {
      expect(i.source?.url).toMatch(/^https:\/\/news\.example\//);
      expect(i.date).toMatch(/^2026-1[12]-\d\d$/);
    }
  });
  it('/china-blockchain ban ends with matching stories', async () => {
    const r = await run(await coreWith(fakeNews(stories)), '/china-blockchain ban');
    expect(r.sections!.at(-1)!.title).toBe(RECENT_NEWS_TITLE);
    expect(r.sections!.at(-1)!.items[0]!.text).toContain('crypto ban notice');
  });
  it('shows nothing when no story matches, when stories are old, and without a news service', async () => {
    const noMatch = await run(await coreWith(fakeNews(stories)), '/cbdc-status Jamaica');
    expect(noMatch.sections?.some((s) => s.title === RECENT_NEWS_TITLE) ?? false).toBe(false);
    const oldOnly = await run(await coreWith(fakeNews([story('old', 'Digital ruble news', 45)])), '/cbdc-status Russia');
    expect(oldOnly.sections?.some((s) => s.title === RECENT_NEWS_TITLE) ?? false).toBe(false);
    const none = await run(plain, '/cbdc-status Russia');
    expect(none.sections?.some((s) => s.title === RECENT_NEWS_TITLE) ?? false).toBe(false);
  });
  it('matches whole words only: "Cacao prices" is not news about the CAC', async () => {
    const r = await run(await coreWith(fakeNews([story('c', 'Cacao prices soar', 1)])), '/china-blockchain cac-registry');
    expect(r.sections?.some((s) => s.title === RECENT_NEWS_TITLE) ?? false).toBe(false);
  });
  it('renders hostile headlines as data on Telegram and Discord: escaped, no mentions, no links from the title', async () => {
    const hostile = story('h', '<b>Digital ruble</b> & <@&123> @everyone <a href="https://evil.example">x</a>', 1);
    const r = await run(await coreWith(fakeNews([hostile])), '/cbdc-status Russia');
    const tg = renderTelegram(r).join('\n');
    expect(tg).toContain('&lt;b&gt;Digital ruble&lt;/b&gt; &amp;');
    expect(tg).not.toContain('evil.example');
    expect(tg).not.toMatch(/@everyone|<@&123>/);
    const dc = JSON.stringify(renderDiscord(r));
    expect(dc).not.toMatch(/@everyone|<@&123>|evil\.example/);
  });
  it('strips links and mentions from headlines', () => {
    expect(cleanHeadline('Hi <@123> @everyone see https://x.example/a and www.y.example now')).toBe('Hi see and now');
  });
});

describe('/cbdc-status China stays readable', () => {
  it('page 1: headline status, latest figures and the five most recent milestones, newest first; the rest on later pages', async () => {
    const r = await run(plain, '/cbdc-status China');
    expect(r.fields?.[0]?.value).toMatch(/^Pilot .*as of \d{4}/);
    const titles = r.sections!.map((s) => s.title);
    expect(titles.slice(0, 2)).toEqual(['Latest figures', 'Most recent milestones']);
    const recent = r.sections![1]!.items;
    expect(recent).toHaveLength(5);
    const dates = recent.map((i) => i.date ?? '');
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(r.pagination?.pageCount).toBeGreaterThan(1);
    const p2 = await run(plain, '/cbdc-status China page:2');
    expect(p2.sections![0]!.title).toBe('Earlier milestones');
    expect(p2.sections![0]!.items[0]!.date! < dates.at(-1)!).toBe(true);
  });
});
