/** `npm run bench`: prints benchmark figures (not pass/fail). */
import { benchCommands } from './commands.bench.js';
import { benchFanout } from './fanout.bench.js';
import { benchIngest } from './ingest.bench.js';

async function main(): Promise<void> {
  const c = await benchCommands();
  console.log(`command answering — knowledge store loaded and indexed in ${c.loadMs.toFixed(0)} ms`);
  for (const r of c.rows) console.log(`  ${r.line.padEnd(40)} p50 ${r.p50Us.toFixed(0).padStart(5)} µs   p99 ${r.p99Us.toFixed(0).padStart(5)} µs`);
  console.log('');
  const r = await benchIngest();
  console.log(`ingest benchmark — ${r.items} items, SQLite store`);
  console.log(`  bare parse (feedsmith):        ${r.bareParseItemsPerSec} items/s`);
  console.log(`  bare parse (rss-parser):       ${r.rssParserItemsPerSec} items/s`);
  console.log(`  full pipeline:                 ${r.pipelineItemsPerSec} items/s`);
  console.log(`  pipeline / bare parse:         ${(r.ratio * 100).toFixed(1)} %  (target ≥ 50 %, ≥ 5000 items/s)`);
  console.log('');
  await benchFanout();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
