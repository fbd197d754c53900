/**
 * vitest global setup: compiles dist/ (as `npm run build` does) before any test file runs, when it is
 * missing or older than the sources, so the tests that start the compiled program (`npm start`,
 * test/e2e/compiled.test.ts) never run stale code and never race a build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const STAMP = 'dist/knowledge-snapshot.json';
const SOURCES = ['src', 'commands', 'config/knowledge', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestMtime(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(p).map((n) => newestMtime(path.join(p, n))));
}

export default function setup(): void {
  if (existsSync(STAMP) && statSync(STAMP).mtimeMs >= Math.max(...SOURCES.map(newestMtime))) return;
  process.stderr.write('test setup: dist/ is missing or older than the sources; building it (npm run build)\n');
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['dist/src/ops/knowledge-snapshot-cli.js'], { stdio: 'ignore' });
}
