/**
 * A child process for the crash test: ingests generated feed documents into STORE_URL one after
 * another, printing `stored <n>` after each commits, so a parent can SIGKILL it mid-batch.
 * Usage: node --import tsx test/helpers/ingest-child.ts <docs> <itemsPerDoc>
 */
import { generateFeeds } from '../../bench/ingest.bench.js';
import { Classifier } from '../../src/news/classify.js';
import { parseFeedsConfig } from '../../src/news/feeds-config.js';
import { Ingestor } from '../../src/news/ingest.js';
import { SqlStoryRepository } from '../../src/news/sql-story-repository.js';
import { loadTopicsConfig } from '../../src/news/topics-config.js';
import { openDatabase } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';

const [docsArg, perDocArg] = process.argv.slice(2);
const NOW = new Date('2026-06-01T12:00:00Z');
const docs = generateFeeds(Number(docsArg ?? 6), Number(perDocArg ?? 300), NOW);
const database = await openDatabase(process.env.STORE_URL!);
await migrateToLatest(database);
const sources = parseFeedsConfig({ sources: docs.map((_, d) => ({ id: `outlet${d}`, url: `https://outlet${d}.example/rss` })) });
const ingestor = new Ingestor({ repo: new SqlStoryRepository(database), sources, classifier: new Classifier(await loadTopicsConfig('config/topics.yaml')), clock: { now: () => NOW } });
for (let d = 0; d < docs.length; d++) {
  const r = await ingestor.ingestDocument(sources[d]!, docs[d]!, { seeded: true });
  process.stdout.write(`stored ${d} ${r.created.length}\n`);
}
await database.close();
process.stdout.write('done\n');
