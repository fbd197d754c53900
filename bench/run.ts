/** `npm run bench`: prints benchmark figures (not pass/fail). */
import { benchCommands } from './commands.bench.js';
import { benchFanout } from './fanout.bench.js';
import { benchIngest } from './ingest.bench.js';
import { benchNews } from './news.bench.js';
import { benchFanout as benchPushFanout } from './push-fanout.bench.js';

async function main(): Promise<void> {
  const c = await benchCommands();
  console.log(`command answering — knowledge store loaded and indexed in ${c.loadMs.toFixed(0)} ms`);
  for (const r of c.rows) console.log(`  ${r.line.padEnd(40)} p50 ${r.p50Us.toFixed(0).padStart(5)} µs   p99 ${r.p99Us.toFixed(0).padStart(5)} µs`);
  console.log('');
  const r = await benchIngest();
  console.log(`ingest benchmark — ${r.items} items, SQL store`);
  console.log(`  bare parse (feedsmith):        ${r.bareParseItemsPerSec} items/s`);
  console.log(`  bare parse (rss-parser):       ${r.rssParserItemsPerSec} items/s`);
  console.log(`  full pipeline:                 ${r.pipelineItemsPerSec} items/s`);
  console.log(`  pipeline / bare parse:         ${(r.ratio * 100).toFixed(1)} %  (target ≥ 50 %, ≥ 5000 items/s)`);
  if (r.postgres) console.log(`  on PostgreSQL:                 ${r.postgres.pipelineItemsPerSec} items/s, ${(r.postgres.ratio * 100).toFixed(1)} % of bare parse`);
  console.log('');
  const n = await benchNews();
  console.log(`/news with ${n.stories} stored stories (SQLite; generated in ${n.generateSec.toFixed(1)} s)`);
  console.log(`  latest 10:            p50 ${n.latestP50Ms.toFixed(2)} ms   p99 ${n.latestP99Ms.toFixed(2)} ms  (target p99 < 5 ms)`);
  console.log(`  latest 10, one topic: p50 ${n.topicP50Ms.toFixed(2)} ms   p99 ${n.topicP99Ms.toFixed(2)} ms`);
  console.log(`  resident memory:      ${n.rssMbFull.toFixed(0)} MB with the store, ${n.rssMbEmpty.toFixed(0)} MB with an empty one`);
  console.log('');
  console.log('push fan-out through the adapters and the fakes enforcing the limits (target rate ≥ 0.95, 0 × 429, 0 lost, 0 duplicates)');
  for (const f of await benchPushFanout()) {
    console.log(
      `  ${f.platform.padEnd(9)} ${f.targets} targets in ${f.seconds.toFixed(1)} s   rate ${f.rateFraction.toFixed(3)} of ${f.limitPerSecond}/s   429s ${f.rateLimited}   lost ${f.lost}   duplicates ${f.duplicates}`,
    );
  }
  console.log('');
  await benchFanout();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
