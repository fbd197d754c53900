/** The package version, read once from package.json (found from src/ under tsx and from dist/src/ when compiled). */
import { readFileSync } from 'node:fs';

export const VERSION: string = (() => {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'chainbrief') return pkg.version ?? '0.0.0';
    } catch {
      // not here: try the next folder up
    }
  }
  return '0.0.0';
})();
