/**
 * config/feeds.yaml → validated list of news sources. The minimal file `sources: [{ id, url }]`
 * is accepted; everything else has a default. Checked with zod at start-up.
 */
import { z } from 'zod';
import { readYamlFile } from './yaml-file.js';

const idRe = /^[a-z0-9][a-z0-9_-]{0,47}$/;

const sourceSchema = z
  .object({
    id: z.string().regex(idRe, 'must be lowercase letters, digits, - or _ (max 48)'),
    url: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
    name: z.string().min(1).max(80).optional(),
    language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'must be a language tag like en or zh-CN').optional(),
    /** Minutes between polls of this source. */
    interval: z.number().int().min(1).max(24 * 60).optional(),
    /** Ranking weight of the outlet (0.1–10). */
    weight: z.number().min(0.1).max(10).optional(),
    /** On a source's first run, announce this many of its newest items (default: defaults.backfill). */
    backfill: z.number().int().min(0).max(100).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

const fileSchema = z
  .object({
    defaults: z
      .object({
        interval: z.number().int().min(1).max(24 * 60).optional(),
        backfill: z.number().int().min(0).max(100).optional(),
      })
      .strict()
      .optional(),
    sources: z.array(sourceSchema).min(1, 'needs at least one source'),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.sources.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'id'], message: `duplicate source id ${s.id}` });
      seen.add(s.id);
    });
  });

/** One source with every default applied. */
export interface FeedSource {
  id: string;
  url: string;
  name: string;
  language?: string;
  intervalMinutes: number;
  weight: number;
  backfill: number;
}

/** Raised for an unreadable or invalid feeds file; the message names the file and the problem. */
export class FeedsConfigError extends Error {
  override readonly name = 'FeedsConfigError';
}

/** Validates parsed YAML/JSON data and applies defaults. Disabled sources are dropped. */
export function parseFeedsConfig(data: unknown, file = 'feeds.yaml'): FeedSource[] {
  const r = fileSchema.safeParse(data);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new FeedsConfigError(`${file} is invalid — ${lines.join('; ')}`);
  }
  const d = r.data.defaults ?? {};
  return r.data.sources
    .filter((s) => s.enabled !== false)
    .map((s) => ({
      id: s.id,
      url: s.url,
      name: s.name ?? s.id,
      ...(s.language ? { language: s.language } : {}),
      intervalMinutes: s.interval ?? d.interval ?? 15,
      weight: s.weight ?? 1,
      backfill: s.backfill ?? d.backfill ?? 0,
    }));
}

/** Reads and validates a feeds file. */
export async function loadFeedsConfig(file: string): Promise<FeedSource[]> {
  return parseFeedsConfig(await readYamlFile(file, 'feeds file', (m) => new FeedsConfigError(m)), file);
}
