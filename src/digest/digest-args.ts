/**
 * `/digest set` arguments in text form are positional (`/digest set daily 09:00 Asia/Shanghai
 * cbdc,policy 8`), and a schedule takes two to five words. When the options as bound do not hold a
 * schedule on their own, the words are read again in order: the schedule, then a time zone (a
 * name with a slash, or UTC), then topics.
 */
import type { DigestInput } from './ports.js';
import { looksLikeTimezone, parseSchedule } from './schedule.js';

function scheduleLength(words: string[]): number {
  const first = words[0]?.toLowerCase();
  if (first === 'daily' || first === 'weekdays') return 2;
  if (first === 'weekly') return 3;
  if (first === 'cron') return 6;
  return 5;
}

/** The /digest set input from bound options, re-reading the words when needed. */
export function digestInputFrom(args: { schedule?: string; timezone?: string; topics?: string; max?: number }): DigestInput {
  const max = args.max !== undefined ? { max: args.max } : {};
  const given = (args.schedule ?? '').trim();
  let scheduleOk = true;
  try {
    parseSchedule(given);
  } catch {
    scheduleOk = false;
  }
  if (scheduleOk) {
    return { schedule: given, ...(args.timezone ? { timezone: args.timezone } : {}), ...(args.topics ? { topics: args.topics } : {}), ...max };
  }
  const words = [args.schedule, args.timezone, args.topics].filter((w): w is string => Boolean(w)).join(' ').split(/\s+/).filter(Boolean);
  const n = Math.min(words.length, scheduleLength(words));
  const schedule = words.slice(0, n).join(' ');
  const rest = words.slice(n);
  const timezone = rest[0] && looksLikeTimezone(rest[0]) ? rest.shift() : undefined;
  const topics = rest.join(',');
  return { schedule, ...(timezone ? { timezone } : {}), ...(topics ? { topics } : {}), ...max };
}
