import { beforeAll, describe, expect, it } from 'vitest';
import { knowledgePassages } from '../../../src/ai/knowledge-passages.js';
import { findStories, MAX_PASSAGES, PassageIndex, questionTerms, retrieve } from '../../../src/ai/retrieval.js';
import { loadKnowledgeBase } from '../../../src/app.js';
import type { NewsService, NewsStoryView } from '../../../src/news/news-service.js';

let index: PassageIndex;
const ids = (q: string, n = 5): string[] => index.find(q, n).map((p) => p.id);

beforeAll(async () => {
  const kb = await loadKnowledgeBase('config/knowledge');
  const passages = knowledgePassages(kb);
  expect(new Set(passages.map((p) => p.id)).size).toBe(kb.facts().length);
  index = new PassageIndex(passages);
});

/** A news port over a fixed list, with the port's documented search semantics (any term, newest first). */
function newsOf(stories: NewsStoryView[]): NewsService {
  return {
    topics: () => [],
    latest: async ({ limit }) => stories.slice(0, limit),
    search: async ({ terms, limit }) => stories.filter((s) => terms.some((t) => s.title.toLowerCase().includes(t.toLowerCase()))).slice(0, limit),
    lastIngest: async () => undefined,
    sources: async () => [],
  };
}
const story = (id: string, title: string, url = `https://news.example/${id}`): NewsStoryView => ({
  id,
  title,
  url,
  publishedAt: '2026-11-30T08:00:00.000Z',
  outlets: [{ name: 'Outlet A', url }],
  topics: [],
});

describe('fact retrieval', () => {
  it('ranks the fact that answers first, without needing every word to match', () => {
    expect(ids('When did China ban crypto trading?')[0]).toBe('crypto-ban-2021');
    expect(ids('How many e-CNY wallets are there?')).toContain('cn-wallets-2025-09');
    expect(ids('Which city ranks first for blockchain?', 2).every((id) => id.endsWith('-beijing'))).toBe(true);
    expect(ids('Is VeChain really building Wenchang’s smart brain?')[0]).toBe('vechain-wenchang-claim');
  });
  it('finds the English facts from a Chinese question through the alias table', () => {
    const hits = index.find('数字人民币现在付利息吗？', 12);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((p) => /e-CNY|digital yuan|China/.test(p.text))).toBe(true);
    expect(ids('数字人民币现在付利息吗？', 3)).toContain('ecny-deposit-money-2026');
    expect(ids('香港居民可以开数字人民币钱包吗', 12)).toContain('ecny-hk-wallets');
  });
  it('returns nothing for a question with no subject in the store', () => {
    expect(ids('weather in Paris tomorrow')).toEqual([]);
    expect(questionTerms('What is the?')).toEqual([]);
  });
});

describe('story retrieval', () => {
  it('ranks stories by words matched, cleans titles and keeps only safe links', async () => {
    const news = newsOf([
      story('1', 'China blockchain weekly roundup'),
      story('2', 'e-CNY wallets pass 300 million, says PBoC @everyone https://evil.example/x'),
      story('3', 'Wallets and more wallets'),
      story('4', 'e-CNY wallets in javascript land', 'javascript:alert(1)'),
    ]);
    const found = await findStories(news, 'How many e-CNY wallets are there?', 4);
    expect(found.map((p) => p.id)).toEqual(['story:2', 'story:3']);
    expect(found[0]!.text).toBe('e-CNY wallets pass 300 million, says PBoC');
    expect(found[0]!.sources[0]).toMatchObject({ url: 'https://news.example/2', publisher: 'Outlet A' });
    expect(found[0]!.status).toBe('unverified');
  });
  it('puts facts first, caps the total, and survives a failing news store', async () => {
    const many = Array.from({ length: 20 }, (_, i) => story(String(i), `e-CNY wallets report ${i}`));
    const all = await retrieve('How many e-CNY wallets are there?', { index, news: newsOf(many) });
    expect(all.length).toBeLessThanOrEqual(MAX_PASSAGES);
    expect(all[0]!.kind).toBe('fact');
    expect(all.filter((p) => p.kind === 'story').length).toBe(4);
    const errors: unknown[] = [];
    const broken: NewsService = { ...newsOf([]), search: async () => Promise.reject(new Error('db down')) };
    const facts = await retrieve('How many e-CNY wallets are there?', { index, news: broken, onNewsError: (e) => errors.push(e) });
    expect(facts.length).toBeGreaterThan(0);
    expect(errors).toHaveLength(1);
  });
});
