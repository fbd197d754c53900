/**
 * Schema of the curated knowledge store (config/knowledge/*.yaml). Every fact carries sources,
 * an as-of date and a status; a fact that is not verified must say why in `note`.
 */
import { z } from 'zod';

/** YYYY-MM-DD, a real calendar date. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in the form YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    message: 'is not a real calendar date',
  });

/** YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known. */
export const partialDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');

export const httpUrl = z
  .string()
  .url('must be an absolute URL')
  .refine((u) => /^https?:\/\//i.test(u), { message: 'must be an http(s) URL' });

export const sourceSchema = z.strictObject({
  title: z.string().min(3),
  publisher: z.string().min(2),
  url: httpUrl,
  date: partialDate.optional(),
});

export const claimStatus = z.enum(['verified', 'disputed', 'unverified']);

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lowercase slug (a-z, 0-9, -)');

/**
 * Fields every fact shares. `as_of` is the date the statement is true as of; `checked` is the date
 * it was last checked against its sources (defaults to `as_of` when the two were the same day).
 */
const factFields = {
  as_of: isoDate,
  checked: isoDate.optional(),
  status: claimStatus,
  note: z.string().min(3).optional(),
  sources: z.array(sourceSchema).min(1, 'needs at least one source'),
};

function requireNoteUnlessVerified<T extends { status: string; note?: string | undefined }>(f: T, ctx: z.RefinementCtx): void {
  if (f.status !== 'verified' && !f.note) {
    ctx.addIssue({ code: 'custom', path: ['note'], message: `a ${f.status} fact needs a note saying why` });
  }
}

/** A stable fact id: lowercase slug, never reused for another claim (retrieval and citations key on it). */
export const factId = slug;

/** A dated statement (summaries and the overview get derived ids: `<country>-summary`, `china-overview`). */
export const factSchema = z
  .strictObject({ id: slug.optional(), text: z.string().min(3), date: partialDate.optional(), ...factFields })
  .superRefine(requireNoteUnlessVerified);

/** A dated statement that must carry its own stable id (milestones). */
export const idFactSchema = z
  .strictObject({ id: factId, text: z.string().min(3), date: partialDate.optional(), ...factFields })
  .superRefine(requireNoteUnlessVerified);

/** A dated figure (e.g. e-CNY cumulative transactions). */
export const figureSchema = z
  .strictObject({ id: factId, label: z.string().min(2), value: z.string().min(1), date: partialDate, text: z.string().optional(), ...factFields })
  .superRefine(requireNoteUnlessVerified);

/** Atlantic Council CBDC tracker categories. */
export const cbdcStatus = z.enum(['research', 'development', 'pilot', 'launched', 'inactive', 'cancelled']);

export const countrySchema = z.strictObject({
  id: slug,
  name: z.string().min(2),
  aliases: z.array(z.string().min(1)).default([]),
  currency: z.string().min(2).optional(),
  cbdc_name: z.string().min(2).optional(),
  cbdc_aliases: z.array(z.string().min(1)).default([]),
  cbdc_status: cbdcStatus,
  summary: factSchema,
  milestones: z.array(idFactSchema).default([]),
  figures: z.array(figureSchema).default([]),
});

/** One snapshot of the world-wide tracker counts. */
export const trackerSnapshotSchema = z
  .strictObject({
    id: slug,
    date: partialDate,
    countries: z.number().int().positive(),
    gdp_share_pct: z.number().min(0).max(100).optional(),
    launched: z.number().int().nonnegative().optional(),
    pilot: z.number().int().nonnegative().optional(),
    development: z.number().int().nonnegative().optional(),
    research: z.number().int().nonnegative().optional(),
    text: z.string().min(3),
    ...factFields,
  })
  .superRefine(requireNoteUnlessVerified);

export const cbdcFileSchema = z.strictObject({
  tracker: z.array(trackerSnapshotSchema).min(1),
  countries: z.array(countrySchema).min(1),
});

export const citySchema = z.strictObject({
  id: slug,
  name: z.string().min(2),
  name_zh: z.string().min(1).optional(),
  aliases: z.array(z.string().min(1)).default([]),
  province: z.string().min(2).optional(),
});

export const rankingEntrySchema = z
  .strictObject({
    city: slug,
    rank: z.number().int().positive(),
    score: z.number().nonnegative().optional(),
    status: claimStatus.optional(),
    note: z.string().min(3).optional(),
    sources: z.array(sourceSchema).min(1).optional(),
  })
  .superRefine((e, ctx) => {
    if (e.status && e.status !== 'verified' && !e.note) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: `a ${e.status} entry needs a note saying why` });
    }
  });

export const rankingIndexSchema = z
  .strictObject({
    id: slug,
    name: z.string().min(3),
    short_name: z.string().min(2),
    aliases: z.array(z.string().min(1)).default([]),
    publisher: z.string().min(2),
    year: z.number().int().min(2000).max(2100),
    released: partialDate,
    cities_covered: z.number().int().positive().optional(),
    method: z.string().optional(),
    headline: z.boolean().default(false),
    entries: z.array(rankingEntrySchema).min(1),
    ...factFields,
  })
  .superRefine(requireNoteUnlessVerified);

export const citiesFileSchema = z.strictObject({
  cities: z.array(citySchema).min(1),
  indexes: z.array(rankingIndexSchema).min(1),
});

/** A named topic users can ask /china-blockchain about (a province, a programme, `policy`, `ban`). */
export const topicSchema = z.strictObject({
  id: slug,
  name: z.string().min(2),
  kind: z.enum(['province', 'programme', 'theme']),
  aliases: z.array(z.string().min(1)).default([]),
  description: z.string().min(3),
});

/** A dated event in China's blockchain push; `topics` link it to topic ids. */
export const timelineEventSchema = z
  .strictObject({
    id: slug,
    date: partialDate,
    title: z.string().min(3),
    text: z.string().min(3),
    topics: z.array(slug).default([]),
    ...factFields,
  })
  .superRefine(requireNoteUnlessVerified);

export const chinaFileSchema = z.strictObject({
  overview: factSchema,
  topics: z.array(topicSchema).min(1),
  events: z.array(timelineEventSchema).min(1),
});

export type Source = z.infer<typeof sourceSchema>;
export type ClaimStatus = z.infer<typeof claimStatus>;
export type Fact = z.infer<typeof factSchema>;
export type Figure = z.infer<typeof figureSchema>;
export type CbdcStatus = z.infer<typeof cbdcStatus>;
export type Country = z.infer<typeof countrySchema>;
export type TrackerSnapshot = z.infer<typeof trackerSnapshotSchema>;
export type City = z.infer<typeof citySchema>;
export type RankingEntry = z.infer<typeof rankingEntrySchema>;
export type RankingIndex = z.infer<typeof rankingIndexSchema>;
export type Topic = z.infer<typeof topicSchema>;
export type TimelineEvent = z.infer<typeof timelineEventSchema>;
export type CbdcFile = z.infer<typeof cbdcFileSchema>;
export type CitiesFile = z.infer<typeof citiesFileSchema>;
export type ChinaFile = z.infer<typeof chinaFileSchema>;

/** Which schema each knowledge file must satisfy. */
export const knowledgeFiles = {
  'cbdc.yaml': cbdcFileSchema,
  'cities.yaml': citiesFileSchema,
  'china.yaml': chinaFileSchema,
} as const;
