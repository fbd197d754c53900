import { describe, expect, it } from 'vitest';
import sources from '../../../commands/sources.js';
import type { Services } from '../../../commands/services.js';
import type { Actor } from '../../../src/core/command.js';
import { BotCore } from '../../../src/core/dispatch.js';
import type { FeedSource } from '../../../src/news/feeds-config.js';
import type { IngestSummary } from '../../../src/news/ingest.js';
import { noFeedReachedNotice } from '../../../src/news/ingest-summary.js';
import type { StoryRepository } from '../../../src/news/story-repository.js';
import { createNewsService } from '../../../src/news/news-runtime.js';
import type { SourceState } from '../../../src/news/types.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const clock = { now: () => NOW };
const feed = (id: string): FeedSource => ({ id, name: `Outlet ${id}`, url: `https://${id}.example/rss`, language: 'en', intervalMinutes: 15, weight: 1, backfill: 20 }) as FeedSource;
const base = (id: string): SourceState => ({ id, url: `https://${id}.example/rss`, healthy: true, consecutiveFailures: 0, errorCount: 0, itemCount: 0, seeded: false });

/** Source states as the repository returns them (only getSources is read here). */
function repoWith(states: Record<string, SourceState>): StoryRepository {
  return { getSources: async (ids: string[]) => ids.map((id) => states[id]) } as unknown as StoryRepository;
}

describe('source health', () => {
  const states: Record<string, SourceState> = {
    // Polled once, failed once, never succeeded: the state machine still says healthy: true.
    never: { ...base('never'), consecutiveFailures: 1, errorCount: 1, lastAttemptAt: NOW.toISOString(), lastError: { at: NOW.toISOString(), reason: 'network: ENOTFOUND' } },
    ok: { ...base('ok'), lastAttemptAt: NOW.toISOString(), lastSuccessAt: NOW.toISOString(), itemCount: 4, seeded: true },
  };
  const service = createNewsService(repoWith(states), [feed('never'), feed('ok'), feed('pending')], [], clock);

  it('a source that has never succeeded is not healthy', async () => {
    const list = await service.sources();
    expect(list.find((s) => s.id === 'never')).toMatchObject({ healthy: false, pending: false });
    expect(list.find((s) => s.id === 'ok')).toMatchObject({ healthy: true });
    expect(list.find((s) => s.id === 'pending')).toMatchObject({ pending: true });
  });

  it('/sources counts it as unhealthy', async () => {
    const core = new BotCore<Services>({ commands: [sources], services: { news: service } as unknown as Services, clock });
    const mod: Actor = { platform: 'console', userId: 'm', isModerator: true };
    const r = await core.dispatch({ command: 'sources', args: {}, actor: mod, conversation: 'console:local' });
    expect(r.text).toBe('3 sources: 1 healthy, 1 unhealthy, 1 not polled yet.');
    expect(r.sections?.[0]?.items[0]?.text).toMatch(/^Outlet never \[never\] — UNHEALTHY \(1 failure in a row\); never succeeded/);
  });
});

describe('start-up ingest that reaches no feed', () => {
  const summary = (ok: number, failed: number): IngestSummary => ({
    startedAt: NOW.toISOString(),
    finishedAt: NOW.toISOString(),
    sources: [],
    totals: { ok, notModified: 0, failed, skipped: 0, items: 0, new: 0, duplicates: 0, merged: 0 },
    announce: [],
  });
  it('gives one line saying so, pointing at /sources', () => {
    const line = noFeedReachedNotice(summary(0, 10));
    expect(line).toMatch(/reached none of the 10 news feeds \(offline\?\).*\/sources/);
    expect(line).not.toContain('\n');
  });
  it('says nothing when a feed answered or nothing was tried', () => {
    expect(noFeedReachedNotice(summary(1, 9))).toBeUndefined();
    expect(noFeedReachedNotice(summary(0, 0))).toBeUndefined();
  });
});
