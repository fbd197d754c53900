/** `npm run bench`: prints benchmark figures (not pass/fail). */
import { benchIngest } from './ingest.bench.js';

async function main(): Promise<void> {
  const r = await benchIngest();
  console.log(`ingest benchmark — ${r.items} items, SQLite store`);
  console.log(`  bare parse (feedsmith):        ${r.bareParseItemsPerSec} items/s`);
  console.log(`  bare parse (rss-parser):       ${r.rssParserItemsPerSec} items/s`);
  console.log(`  full pipeline:                 ${r.pipelineItemsPerSec} items/s`);
  console.log(`  pipeline / bare parse:         ${(r.ratio * 100).toFixed(1)} %  (target ≥ 50 %, ≥ 5000 items/s)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
