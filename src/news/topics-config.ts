/**
 * config/topics.yaml → validated topic rules: keywords and phrases (English and Chinese) with
 * weights. Plain strings only — no user-supplied regular expressions anywhere (no ReDoS).
 */
import { z } from 'zod';
import { readYamlFile } from './yaml-file.js';

const keywordSchema = z.union([
  z.string().min(1).max(80),
  z.object({ term: z.string().min(1).max(80), weight: z.number().min(0.1).max(10).default(1) }).strict(),
]);

const topicSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be lowercase letters, digits or - (max 32)'),
    label: z.string().min(1).max(60),
    description: z.string().max(200).optional(),
    /** Other names users type for the topic (/news digital yuan → cbdc); not used for tagging. */
    aliases: z.array(z.string().min(1).max(60)).default([]),
    /** Minimum score for a story to be tagged with this topic. */
    min_score: z.number().min(0.1).optional(),
    keywords: z.array(keywordSchema).min(1),
  })
  .strict();

const fileSchema = z
  .object({
    min_score: z.number().min(0.1).default(1),
    topics: z.array(topicSchema).min(1),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.topics.forEach((t, i) => {
      if (seen.has(t.id)) ctx.addIssue({ code: 'custom', path: ['topics', i, 'id'], message: `duplicate topic id ${t.id}` });
      seen.add(t.id);
    });
  });

/** A keyword with its weight. */
export interface TopicKeyword {
  term: string;
  weight: number;
}

/** One topic with defaults applied. */
export interface TopicRule {
  id: string;
  label: string;
  description?: string;
  aliases: string[];
  minScore: number;
  keywords: TopicKeyword[];
}

/** Raised for an unreadable or invalid topics file. */
export class TopicsConfigError extends Error {
  override readonly name = 'TopicsConfigError';
}

/** Validates parsed data and applies defaults. */
export function parseTopicsConfig(data: unknown, file = 'topics.yaml'): TopicRule[] {
  const r = fileSchema.safeParse(data);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new TopicsConfigError(`${file} is invalid — ${lines.join('; ')}`);
  }
  return r.data.topics.map((t) => ({
    id: t.id,
    label: t.label,
    ...(t.description ? { description: t.description } : {}),
    aliases: t.aliases,
    minScore: t.min_score ?? r.data.min_score,
    keywords: t.keywords.map((k) => (typeof k === 'string' ? { term: k, weight: 1 } : { term: k.term, weight: k.weight })),
  }));
}

/** Reads and validates a topics file. */
export async function loadTopicsConfig(file: string): Promise<TopicRule[]> {
  return parseTopicsConfig(await readYamlFile(file, 'topics file', (m) => new TopicsConfigError(m)), file);
}
