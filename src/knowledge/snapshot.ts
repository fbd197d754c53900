/**
 * A prebuilt, validated copy of the knowledge store, written by `npm run build` beside the compiled
 * code, so a compiled process skips YAML parsing and schema validation (most of a one-shot CLI's
 * time). It is used only while its key matches: a hash of every knowledge YAML file and of the
 * compiled knowledge modules; any edit to either falls back to the full, validated load.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KnowledgeData } from './loader.js';

/** The snapshot beside the compiled code, dist/knowledge-snapshot.json; none when running from TypeScript sources. */
export const DEFAULT_SNAPSHOT_FILE: string | undefined = import.meta.url.endsWith('.js')
  ? fileURLToPath(new URL('../../knowledge-snapshot.json', import.meta.url))
  : undefined;

const FORMAT = 1;

async function hashFolder(h: ReturnType<typeof createHash>, dir: string, pattern: RegExp): Promise<void> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => pattern.test(n)).sort();
  for (const n of names) h.update(`${n}\0`).update(await readFile(path.join(dir, n))).update('\0');
}

/** The key a snapshot must carry to be used for `dir`. */
export async function snapshotKey(dir: string): Promise<string> {
  const h = createHash('sha256').update(`format ${FORMAT}\0`);
  await hashFolder(h, dir, /\.ya?ml$/);
  await hashFolder(h, path.dirname(fileURLToPath(import.meta.url)), /\.(js|ts)$/);
  return h.digest('hex');
}

/** The snapshot's data when it exists and matches `dir` and this code; undefined otherwise. */
export async function readKnowledgeSnapshot(dir: string, file = DEFAULT_SNAPSHOT_FILE): Promise<KnowledgeData | undefined> {
  if (!file) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const snap = JSON.parse(text) as { key?: unknown; data?: KnowledgeData };
    if (snap.key !== (await snapshotKey(dir)) || !snap.data) return undefined;
    return snap.data;
  } catch {
    return undefined;
  }
}

/** Loads and validates `dir` in full and writes the snapshot (throws KnowledgeLoadError on bad files). */
export async function writeKnowledgeSnapshot(dir: string, file = DEFAULT_SNAPSHOT_FILE): Promise<void> {
  if (!file) throw new Error('the knowledge snapshot is written by the compiled build (npm run build)');
  const { loadKnowledge } = await import('./loader.js');
  const data = await loadKnowledge(dir);
  await writeFile(file, JSON.stringify({ key: await snapshotKey(dir), data }));
}
