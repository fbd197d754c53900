/**
 * `npm run bench`: one report of every benchmark. Each bench module returns a flat object of
 * figures (`{ 'ingest.ratio': 0.6 }`); this prints them as a table, or with `--json` as one JSON
 * object on stdout (progress goes to stderr). A figure no module measured prints as "not measured"
 * and is null in JSON. `--only=commands,process` runs some modules. Figures, never pass/fail.
 */
import os from 'node:os';
import { benchAsk } from './ask.bench.js';
import { benchCommands } from './commands.bench.js';
import { benchFanout } from './fanout.bench.js';
import { ingestFigures } from './ingest.bench.js';
import { newsFigures } from './news.bench.js';
import { benchProcess } from './process.bench.js';

/** Figures of one module: dotted key → number (null when it could not be measured). */
export type Figures = Record<string, number | null>;

/** The report's keys, in order, with what each figure is and what it compares against. */
const KEYS: Array<{ key: string; what: string; target: string }> = [
  { key: 'commands.p99Us', what: 'command p99, headline commands, real store (µs)', target: '≪ 3 s Discord deadline' },
  { key: 'commands.p99Us100x', what: 'command p99, store ×100 generated (µs)', target: 'stays sub-millisecond' },
  { key: 'cli.oneShotMs', what: 'npm run -s cli -- "/about", end to end (ms)', target: '< 1000 (was ~3400 with tsx)' },
  { key: 'startup.readyMs', what: 'cold start to "chainbrief ready" (ms)', target: '< 1500' },
  { key: 'ingest.ratio', what: 'ingest pipeline / bare feed parse', target: '≥ 0.5' },
  { key: 'ingest.itemsPerSec', what: 'ingest pipeline items/s', target: '≥ 5000' },
  { key: 'news.p99Ms1M', what: '/news p99 with 1M stories (ms)', target: '< 5' },
  { key: 'fanout.telegram.ratio', what: 'Telegram fan-out (600 groups) / rate limit', target: '≥ 0.95' },
  { key: 'fanout.discord.ratio', what: 'Discord fan-out (600 channels) / rate limit', target: '≥ 0.95' },
  { key: 'fanout.lost', what: 'fan-out messages lost', target: '0' },
  { key: 'fanout.duplicates', what: 'fan-out duplicates', target: '0' },
  { key: 'fanout.rateLimited', what: 'fan-out 429s received', target: '0' },
  { key: 'memory.idleMb', what: 'bot RSS when idle (MB)', target: '< 100' },
  { key: 'memory.subs10kMb', what: 'RSS with 10k digests + 10k subscriptions (MB)', target: '< 150' },
  { key: 'ask.p99Us', what: '/ask retrieval + AI-off answer, worst p99 of the sample questions (µs)', target: '' },
];

/** Every bench module, run in this order. */
const MODULES: Array<{ name: string; run: () => Promise<Figures> }> = [
  { name: 'commands', run: () => benchCommands() },
  { name: 'ingest', run: ingestFigures },
  { name: 'news', run: newsFigures },
  { name: 'ask', run: askFigures },
  { name: 'fanout', run: () => benchFanout() },
  { name: 'process', run: () => benchProcess() },
];

/** /ask without a model: the worst p99 over the sample questions and the index build time. */
async function askFigures(): Promise<Figures> {
  const a = await benchAsk();
  return { 'ask.p99Us': Math.max(...a.rows.map((r) => r.p99Us)), 'ask.indexBuildMs': a.buildMs };
}

function format(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return 'not measured';
  return Number.isInteger(v) ? v.toLocaleString('en-US') : String(Math.round(v * 1000) / 1000);
}

async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const only = argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const figures: Figures = {};
  for (const m of MODULES) {
    if (only && !only.includes(m.name)) continue;
    process.stderr.write(`bench: ${m.name}…\n`);
    try {
      Object.assign(figures, await m.run());
    } catch (err) {
      process.stderr.write(`bench: ${m.name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`;
  if (json) {
    const out: Figures = {};
    for (const { key } of KEYS) out[key] = figures[key] ?? null;
    for (const [k, v] of Object.entries(figures)) if (!(k in out)) out[k] = v;
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const extra = Object.keys(figures).filter((k) => !KEYS.some((x) => x.key === k));
  const rows = [...KEYS, ...extra.map((key) => ({ key, what: '', target: '' }))];
  const w = Math.max(...rows.map((r) => r.key.length));
  console.log(`chainbrief benchmark — ${machine}`);
  console.log(`${'figure'.padEnd(w)}  ${'value'.padStart(13)}  target / compares against — what`);
  for (const r of rows) console.log(`${r.key.padEnd(w)}  ${format(figures[r.key]).padStart(13)}  ${[r.target, r.what].filter(Boolean).join(' — ')}`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
