/**
 * Environment → typed Config, validated with zod at start-up. A wrong value stops the bot with
 * one readable line naming the variable; secrets are never echoed back.
 */
import cron from 'node-cron';
import { z } from 'zod';

const emptyToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().min(1).optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.string().url().optional());
const bool = z.preprocess(
  emptyToUndefined,
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .optional()
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
);

const PORT_MESSAGE = 'must be a port number from 0 to 65535 (empty: no listener)';

/** A whole number from min to max; any other value gets one message stating the allowed range. */
const intInRange = (min: number, max: number, fallback: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: `must be a whole number from ${min} to ${max}` })
      .int({ message: `must be a whole number from ${min} to ${max}` })
      .min(min, { message: `must be a whole number from ${min} to ${max}` })
      .max(max, { message: `must be a whole number from ${min} to ${max}` })
      .default(fallback),
  );

export const envSchema = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    }).default('info'),
  ),
  STORE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => !/^rediss?:\/\//i.test(v), 'Redis is no longer a store for stories: use sqlite:// or postgres:// here and put the Redis URL in REDIS_URL (it keeps short-lived values)')
      .refine((v) => /^rediss?:\/\//i.test(v) || /^(sqlite|postgres|postgresql):\/\/.+/.test(v), 'must start with sqlite:// or postgres:// (e.g. sqlite://data/chainbrief.sqlite)')
      .default('sqlite://data/chainbrief.sqlite'),
  ),
  REDIS_URL: z.preprocess(emptyToUndefined, z.string().regex(/^rediss?:\/\/.+/, 'must start with redis:// or rediss://').optional()),
  KNOWLEDGE_DIR: z.preprocess(emptyToUndefined, z.string().default('config/knowledge')),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_GUILD_ID: z.preprocess(emptyToUndefined, z.string().regex(/^\d{5,25}$/, 'must be a numeric Discord id').optional()),
  DISCORD_API_URL: optionalUrl,
  /** Pushes per second across all channels (Discord's global limit is 50 requests/s). */
  DISCORD_MAX_PER_SECOND: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1000).default(50)),
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: optionalUrl,
  TELEGRAM_WEBHOOK_URL: z.preprocess(
    emptyToUndefined,
    z.string().url('must be a URL').regex(/^https:\/\//i, 'must be an https:// URL (Telegram only calls HTTPS webhooks)').optional(),
  ),
  TELEGRAM_WEBHOOK_SECRET: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -').optional(),
  ),
  TELEGRAM_WEBHOOK_PORT: intInRange(1, 65535, 8443),
  /** Messages per second across all chats, replies and pushes together (Telegram allows about 30; more with paid broadcasts). */
  TELEGRAM_MAX_PER_SECOND: intInRange(1, 1000, 30),
  FEEDS_FILE: z.preprocess(emptyToUndefined, z.string().default('config/feeds.yaml')),
  TOPICS_FILE: z.preprocess(emptyToUndefined, z.string().default('config/topics.yaml')),
  FEEDS_ALLOW_PRIVATE_NETWORKS: bool,
  INGEST_SCHEDULE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => v === 'off' || cron.validate(v), 'must be a cron expression (e.g. */15 * * * *) or off')
      .default('*/15 * * * *'),
  ),
  NEWS_RETENTION_DAYS: intInRange(1, 3650, 90),
  /** How late a missed digest slot may still be posted after a restart (marked delayed): `2h`, `90m`, `0` (never). */
  DIGEST_GRACE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d{1,6}\s*(s|m|h)?$/i, 'must be a duration such as 2h, 90m or 600s')
      .default('2h')
      .transform((v) => durationMs(v)),
  ),
  /** Seconds between digest ticks (a digest arrives at most this long after its slot, plus sending). */
  DIGEST_TICK_SECONDS: intInRange(1, 30, 5),
  /** Alerts per conversation per hour; the rest are summed up in one message when the hour ends. */
  ALERTS_PER_HOUR: intInRange(1, 1000, 10),
  /** Seconds between alert matcher polls of the story sequence. */
  ALERT_POLL_SECONDS: intInRange(1, 60, 3),
  FEEDS_TIMEOUT_MS: intInRange(100, 120_000, 15_000),
  FEEDS_MAX_BYTES: intInRange(1024, 100 * 1024 * 1024, 5 * 1024 * 1024),
  HTTP_PORT: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: PORT_MESSAGE })
      .int({ message: PORT_MESSAGE })
      .min(0, { message: PORT_MESSAGE })
      .max(65535, { message: PORT_MESSAGE })
      .optional(),
  ),
  HTTP_HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.preprocess(emptyToUndefined, z.string().min(1).max(200).default('gpt-4o-mini')),
  ASK_DAILY_BUDGET: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(1_000_000).default(500)),
  ASK_COOLDOWN_S: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(86_400).default(30)),
});

/** `2h`, `90m`, `600s` or plain seconds → milliseconds. */
function durationMs(v: string): number {
  const m = /^(\d+)\s*(s|m|h)?$/i.exec(v.trim())!;
  const unit = (m[2] ?? 's').toLowerCase();
  return Number(m[1]) * (unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : 1000);
}

/** Validated configuration. */
export type Config = z.infer<typeof envSchema>;

/** Thrown with one readable line per bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses an environment; throws ConfigError naming each bad variable (never its value). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `${String(i.path[0] ?? 'environment')}: ${i.message}`);
  throw new ConfigError(`Invalid configuration — ${lines.join('; ')}. See .env.example.`);
}

/** Which platform adapters the configuration enables; console runs when none is. */
export function enabledAdapters(cfg: Config): Array<'discord' | 'telegram' | 'console'> {
  const list: Array<'discord' | 'telegram' | 'console'> = [];
  if (cfg.DISCORD_TOKEN) list.push('discord');
  if (cfg.TELEGRAM_BOT_TOKEN) list.push('telegram');
  if (list.length === 0) list.push('console');
  return list;
}
