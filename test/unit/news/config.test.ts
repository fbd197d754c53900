import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FeedsConfigError, loadFeedsConfig, parseFeedsConfig } from '../../../src/news/feeds-config.js';
import { loadTopicsConfig, parseTopicsConfig, TopicsConfigError } from '../../../src/news/topics-config.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('feeds config', () => {
  it('accepts the minimal file and applies defaults', () => {
    expect(parseFeedsConfig({ sources: [{ id: 'a', url: 'https://a.example/rss' }] })).toEqual([
      { id: 'a', url: 'https://a.example/rss', name: 'a', intervalMinutes: 15, weight: 1, backfill: 0 },
    ]);
  });

  it('rejects bad ids, non-http URLs, duplicates and unknown keys with a readable message', () => {
    expect(() => parseFeedsConfig({ sources: [{ id: 'A B', url: 'https://a.example' }] })).toThrow(FeedsConfigError);
    expect(() => parseFeedsConfig({ sources: [{ id: 'a', url: 'ftp://a.example' }] })).toThrow(/http/);
    expect(() => parseFeedsConfig({ sources: [{ id: 'a', url: 'https://a.example' }, { id: 'a', url: 'https://b.example' }] })).toThrow(/duplicate/);
    expect(() => parseFeedsConfig({ sources: [{ id: 'a', url: 'https://a.example', regex: '.*' }] })).toThrow(FeedsConfigError);
    expect(() => parseFeedsConfig({ sources: [] })).toThrow(/at least one/);
  });

  it('ships a valid default list of sources', async () => {
    const sources = await loadFeedsConfig('config/feeds.yaml');
    expect(sources.length).toBeGreaterThanOrEqual(6);
    expect(sources.every((s) => s.url.startsWith('https://'))).toBe(true);
  });

  it('reports an unreadable or non-YAML file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'feeds-cfg-'));
    dirs.push(dir);
    await writeFile(path.join(dir, 'bad.yaml'), 'sources: [unclosed');
    await expect(loadFeedsConfig(path.join(dir, 'bad.yaml'))).rejects.toThrow(FeedsConfigError);
    await expect(loadFeedsConfig(path.join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read/);
  });
});

describe('topics config', () => {
  it('ships the required topics with English and Chinese keywords', async () => {
    const topics = await loadTopicsConfig('config/topics.yaml');
    expect(topics.map((t) => t.id)).toEqual(expect.arrayContaining(['china-blockchain', 'cbdc', 'city-rank', 'policy', 'markets']));
    const cbdc = topics.find((t) => t.id === 'cbdc')!;
    expect(cbdc.keywords.map((k) => k.term)).toEqual(expect.arrayContaining(['e-CNY', 'digital yuan', '数字人民币']));
    const cb = topics.find((t) => t.id === 'china-blockchain')!;
    expect(cb.keywords.map((k) => k.term)).toEqual(expect.arrayContaining(['BSN', '区块链']));
  });

  it('rejects invalid files', () => {
    expect(() => parseTopicsConfig({ topics: [{ id: 'x', label: 'X', keywords: [] }] })).toThrow(TopicsConfigError);
    expect(() => parseTopicsConfig({ topics: [{ id: 'Bad Id', label: 'X', keywords: ['a'] }] })).toThrow(TopicsConfigError);
  });
});
