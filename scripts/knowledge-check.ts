/**
 * `npm run knowledge:check [-- <dir>] [--strict] [--max-age-days N]` — upkeep report on the
 * knowledge store: stale checks, secondary-only facts, duplicate/inconsistent sources, malformed
 * URLs. Exits 1 on errors (or on any finding with --strict), 2 when the store does not load.
 */
import { checkFacts, formatReport } from '../src/knowledge/check.js';
import { enumerateFacts } from '../src/knowledge/facts.js';
import { loadKnowledge } from '../src/knowledge/loader.js';

const args = process.argv.slice(2);
const strict = args.includes('--strict');
const ageAt = args.indexOf('--max-age-days');
const maxAgeDays = ageAt >= 0 ? Number(args[ageAt + 1]) : 183;
const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--max-age-days') ?? 'config/knowledge';

if (!Number.isInteger(maxAgeDays) || maxAgeDays < 1) {
  process.stderr.write('knowledge:check: --max-age-days needs a whole number of days (1 or more).\n');
  process.exit(2);
}
try {
  const facts = enumerateFacts(await loadKnowledge(dir));
  const problems = checkFacts(facts, { now: new Date(), maxAgeDays });
  process.stdout.write(`${formatReport(problems, facts.length)}\n`);
  if (problems.some((p) => p.severity === 'error') || (strict && problems.length > 0)) process.exitCode = 1;
} catch (err) {
  process.stderr.write(`knowledge:check: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
}
