/**
 * Digest schedules: the accepted forms (`daily 09:00`, `weekdays 08:30`, `weekly mon 09:00`, or a
 * 5-field cron), IANA time zones, and slot arithmetic through croner, which handles daylight
 * saving time (a 02:30 slot on a spring-forward day runs once at 03:00; a repeated hour runs once).
 */
import { Cron } from 'croner';
import { UserFacingError } from '../core/errors.js';

/** A parsed schedule. */
export interface Schedule {
  /** Canonical text, stored and shown: `daily 09:00`, `weekly mon 09:00`, `cron 0 9 * * 1`. */
  text: string;
  /** The 5-field cron expression it stands for. */
  cron: string;
  /** `HH:MM` for the simple forms; undefined for a cron expression. */
  time?: string;
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** Closest two slots may be: a digest is not a chat. */
export const MIN_SLOT_GAP_MS = 30 * 60_000;

function parseTime(word: string | undefined): { h: number; m: number; text: string } | undefined {
  const m = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(word ?? '');
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return { h, m: min, text: `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}` };
}

const FORMS = 'Use daily 09:00, weekdays 08:30, weekly mon 09:00, or a quoted 5-field cron such as "0 9 * * 1-5".';

function fail(detail: string): never {
  throw new UserFacingError('bad-argument', `${detail} ${FORMS}`);
}

/** Reads a schedule from its words; throws a UserFacingError saying what is accepted. */
export function parseSchedule(input: string): Schedule {
  const words = input.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words[0] === 'cron') words.shift();
  const [kind] = words;
  if (kind === 'daily' || kind === 'weekdays') {
    const t = parseTime(words[1]);
    if (!t || words.length !== 2) fail(`"${input.trim()}" needs one time of day as HH:MM.`);
    return { text: `${kind} ${t.text}`, cron: `${t.m} ${t.h} * * ${kind === 'daily' ? '*' : '1-5'}`, time: t.text };
  }
  if (kind === 'weekly') {
    const day = DAYS.findIndex((d) => words[1]?.startsWith(d) && DAYS.every((o) => o === d || !words[1]!.startsWith(o)));
    const t = parseTime(words[2]);
    if (day < 0 || !t || words.length !== 3) fail(`"${input.trim()}" needs a day (mon … sun) and a time as HH:MM.`);
    return { text: `weekly ${DAYS[day]} ${t.text}`, cron: `${t.m} ${t.h} * * ${day}`, time: t.text };
  }
  if (words.length === 5 && words.every((w) => /^[0-9*,/\-a-z?]+$/.test(w))) {
    const cron = words.join(' ');
    let job: Cron;
    try {
      job = new Cron(cron, { paused: true, timezone: 'UTC' });
    } catch (e) {
      fail(`"${cron}" is not a valid cron expression (${e instanceof Error ? e.message : 'invalid'}).`);
    }
    const runs = job.nextRuns(48, new Date(Date.UTC(2027, 0, 4)));
    if (runs.length === 0) fail(`"${cron}" never runs.`);
    for (let i = 1; i < runs.length; i++) {
      if (runs[i]!.getTime() - runs[i - 1]!.getTime() < MIN_SLOT_GAP_MS) fail(`"${cron}" runs more often than every 30 minutes.`);
    }
    return { text: `cron ${cron}`, cron };
  }
  fail(`"${input.trim()}" is not a schedule I know.`);
}

/** The canonical IANA name of a time zone (`asia/shanghai` → `Asia/Shanghai`); throws when unknown. */
export function parseTimezone(input: string | undefined): string {
  const raw = (input ?? 'UTC').trim();
  if (/^(utc|gmt|z)$/i.test(raw)) return 'UTC';
  try {
    if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(raw)) throw new RangeError('bad');
    const zone = new Intl.DateTimeFormat('en-US', { timeZone: raw }).resolvedOptions().timeZone;
    if (!zone.includes('/') && zone !== 'UTC') throw new RangeError('not a region');
    return zone;
  } catch {
    throw new UserFacingError('bad-argument', `"${raw.slice(0, 60)}" is not an IANA time zone. Use a name such as UTC, Asia/Shanghai, Europe/Berlin or America/New_York.`);
  }
}

/** True when the text looks like a time-zone name rather than a topic or schedule word. */
export function looksLikeTimezone(word: string): boolean {
  return /^(utc|gmt)$/i.test(word) || /^[A-Za-z]+\/[A-Za-z0-9_+\-/]+$/.test(word);
}

function job(schedule: Schedule, timezone: string): Cron {
  return new Cron(schedule.cron, { paused: true, timezone });
}

/** The first slot strictly after `after`. */
export function nextSlot(schedule: Schedule, timezone: string, after: Date): Date {
  const next = job(schedule, timezone).nextRun(after);
  if (!next) throw new Error(`schedule ${schedule.text} has no next run`);
  return next;
}

/** The next `n` slots strictly after `after`. */
export function nextSlots(schedule: Schedule, timezone: string, after: Date, n: number): Date[] {
  return job(schedule, timezone).nextRuns(n, after);
}

/** What the tick does with a digest whose next slot has come. */
export interface DuePlan {
  /** The slot to post now (the latest one that has come), unless it is older than the grace. */
  post?: { slot: number; delayed: boolean };
  /** Slots that came and are not posted (older than the grace, or superseded by a later one). */
  missed: number[];
  /** The next slot after everything handled here. */
  nextSlotAt: number;
}

/** A slot later than this after its time is posted but marked delayed. */
export const DELAYED_AFTER_MS = 2 * 60_000;

/**
 * Plans the slots from `nextSlotAt` up to `now`: the latest slot is posted when it is at most
 * `graceMs` late (marked delayed past two minutes); every other slot is recorded as missed.
 * Nothing is due before its slot (`now < nextSlotAt` yields no post and no missed slot).
 */
export function planDue(schedule: Schedule, timezone: string, nextSlotAt: number, now: number, graceMs: number): DuePlan {
  if (now < nextSlotAt) return { missed: [], nextSlotAt };
  const cron = job(schedule, timezone);
  const slots = [nextSlotAt];
  let next = cron.nextRun(new Date(nextSlotAt));
  // Bounded: a bot down for years does not walk every slot; older ones are summarised by count.
  while (next && next.getTime() <= now && slots.length < 1000) {
    slots.push(next.getTime());
    next = cron.nextRun(next);
  }
  if (next && next.getTime() <= now) next = cron.nextRun(new Date(now));
  const latest = slots.pop()!;
  const late = now - latest;
  const nextAt = next?.getTime() ?? Number.MAX_SAFE_INTEGER;
  if (late <= graceMs) return { post: { slot: latest, delayed: late > DELAYED_AFTER_MS }, missed: slots, nextSlotAt: nextAt };
  return { missed: [...slots, latest], nextSlotAt: nextAt };
}

/** `HH:MM` of an instant in a zone. */
export function clockTime(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** `Mon 2027-03-15 09:00` in a zone. */
export function zonedDateTime(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('weekday')} ${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
