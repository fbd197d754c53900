/**
 * Reads and validates the knowledge YAML files. A load error names the file, the entry and the
 * field, e.g. `cities.yaml: indexes[0] (cie-2020) › entries[2] › score: expected number`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { duplicateFactIds, enumerateFacts } from './facts.js';
import { knowledgeFiles, type CbdcFile, type ChinaFile, type CitiesFile } from './schema.js';

/** The three validated files. */
export interface KnowledgeData {
  cbdc: CbdcFile;
  cities: CitiesFile;
  china: ChinaFile;
}

/** A knowledge file that is missing, unparsable or fails the schema. */
export class KnowledgeLoadError extends Error {
  override readonly name = 'KnowledgeLoadError';
}

/** Describes a zod path with entry ids where the data has them: `events[3] (bsn-launch) › date`. */
export function describePath(data: unknown, pathParts: ReadonlyArray<PropertyKey>): string {
  const out: string[] = [];
  let cur: unknown = data;
  for (const part of pathParts) {
    const next = cur !== null && typeof cur === 'object' ? (cur as Record<PropertyKey, unknown>)[part] : undefined;
    if (typeof part === 'number') {
      const id = next && typeof next === 'object' ? (next as Record<string, unknown>).id ?? (next as Record<string, unknown>).city : undefined;
      const last = out.pop() ?? '';
      out.push(`${last}[${part}]${typeof id === 'string' ? ` (${id})` : ''}`);
    } else {
      out.push(String(part));
    }
    cur = next;
  }
  return out.join(' › ') || '(top level)';
}

function formatIssues(file: string, data: unknown, issues: z.core.$ZodIssue[]): string {
  const lines = issues.slice(0, 10).map((i) => `${file}: ${describePath(data, i.path)}: ${i.message}`);
  if (issues.length > 10) lines.push(`${file}: … and ${issues.length - 10} more problems`);
  return lines.join('\n');
}

async function loadOne<S extends z.ZodType>(dir: string, file: string, schema: S): Promise<z.infer<S>> {
  const full = path.join(dir, file);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (e) {
    throw new KnowledgeLoadError(`${file}: cannot read ${full} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true });
  } catch (e) {
    // Keep yaml's code frame (the lines after "at line L, column C:"): it shows where the mistake is.
    throw new KnowledgeLoadError(`${file}: not valid YAML: ${(e as Error).message.trimEnd()}`);
  }
  const r = schema.safeParse(data);
  if (!r.success) throw new KnowledgeLoadError(formatIssues(file, data, r.error.issues));
  return r.data;
}

/** Checks references between entries: unique ids, known cities and topics. */
export function crossCheck(data: KnowledgeData): string[] {
  const problems: string[] = [];
  const dupes = (file: string, what: string, ids: string[]): void => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problems.push(`${file}: duplicate ${what} id "${id}"`);
      seen.add(id);
    }
  };
  dupes('cbdc.yaml', 'country', data.cbdc.countries.map((c) => c.id));
  dupes('cbdc.yaml', 'tracker', data.cbdc.tracker.map((t) => t.id));
  dupes('cities.yaml', 'city', data.cities.cities.map((c) => c.id));
  dupes('cities.yaml', 'index', data.cities.indexes.map((i) => i.id));
  dupes('china.yaml', 'topic', data.china.topics.map((t) => t.id));
  dupes('china.yaml', 'event', data.china.events.map((e) => e.id));
  const cityIds = new Set(data.cities.cities.map((c) => c.id));
  data.cities.indexes.forEach((idx, i) =>
    idx.entries.forEach((e, j) => {
      if (!cityIds.has(e.city)) problems.push(`cities.yaml: indexes[${i}] (${idx.id}) › entries[${j}] › city: unknown city "${e.city}"`);
    }),
  );
  if (data.cities.indexes.filter((i) => i.headline).length !== 1) problems.push('cities.yaml: exactly one index must have headline: true');
  const topicIds = new Set(data.china.topics.map((t) => t.id));
  data.china.events.forEach((ev, i) =>
    ev.topics.forEach((t) => {
      if (!topicIds.has(t)) problems.push(`china.yaml: events[${i}] (${ev.id}) › topics: unknown topic "${t}"`);
    }),
  );
  for (const id of duplicateFactIds(enumerateFacts(data))) problems.push(`duplicate fact id "${id}" (fact ids must be unique across all files)`);
  return problems;
}

/** Loads every knowledge file from `dir`; throws KnowledgeLoadError listing what is wrong. */
export async function loadKnowledge(dir: string): Promise<KnowledgeData> {
  const results = await Promise.allSettled([
    loadOne(dir, 'cbdc.yaml', knowledgeFiles['cbdc.yaml']),
    loadOne(dir, 'cities.yaml', knowledgeFiles['cities.yaml']),
    loadOne(dir, 'china.yaml', knowledgeFiles['china.yaml']),
  ] as const);
  // Report every broken file at once, not just the first.
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason instanceof Error ? r.reason.message : String(r.reason)] : []));
  if (failures.length) throw new KnowledgeLoadError(failures.join('\n'));
  const [cbdc, cities, china] = results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [CbdcFile, CitiesFile, ChinaFile];
  const data = { cbdc, cities, china };
  const problems = crossCheck(data);
  if (problems.length) throw new KnowledgeLoadError(problems.join('\n'));
  return data;
}
