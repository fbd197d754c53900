/**
 * The read side of the /news benchmark: latest 10 and latest 10 of one topic through the
 * NewsService, timed. Run as a script (`<url> <reads> [empty]`), it prints the process's resident memory.
 */
import { pathToFileURL } from 'node:url';
import { createNewsService } from '../src/news/news-runtime.js';
import { SqlStoryRepository } from '../src/news/sql-story-repository.js';
import { openDatabase, type Database } from '../src/storage/database.js';

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Times `reads` of each query (after a short warm-up); returns p50/p99 in ms. */
export async function newsReadLoop(database: Database, reads: number, expectStories = true): Promise<{ latestP50Ms: number; latestP99Ms: number; topicP50Ms: number; topicP99Ms: number }> {
  // Retention long enough to keep every generated story listable.
  const service = createNewsService(new SqlStoryRepository(database, { retentionDays: 3650 }), [], [{ id: 'policy', label: 'Policy' }] as never);
  const time = async (fn: () => Promise<unknown>): Promise<number[]> => {
    for (let i = 0; i < 20; i++) await fn();
    const out: number[] = [];
    for (let i = 0; i < reads; i++) {
      const t = performance.now();
      await fn();
      out.push(performance.now() - t);
    }
    return out.sort((a, b) => a - b);
  };
  const latest = await time(async () => {
    if ((await service.latest({ limit: 10 })).length === 0 && expectStories) throw new Error('no stories listed');
  });
  const topic = await time(() => service.latest({ topic: 'policy', limit: 10 }));
  return { latestP50Ms: percentile(latest, 50), latestP99Ms: percentile(latest, 99), topicP50Ms: percentile(topic, 50), topicP99Ms: percentile(topic, 99) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [url, reads, kind] = process.argv.slice(2);
  const database = await openDatabase(url!);
  await newsReadLoop(database, Number(reads ?? 300), kind !== 'empty');
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  await database.close();
  process.stdout.write(`${JSON.stringify({ rssMb })}\n`);
}
