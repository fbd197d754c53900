import { describe, expect, it } from 'vitest';
import { clockTime, nextSlot, nextSlots, parseSchedule, parseTimezone, planDue } from '../../../src/digest/schedule.js';
import { UserFacingError } from '../../../src/core/errors.js';

const iso = (d: Date | number): string => new Date(d).toISOString();
const H = 3_600_000;

describe('parseSchedule', () => {
  it('reads the simple forms and a cron', () => {
    expect(parseSchedule('daily 9:00')).toEqual({ text: 'daily 09:00', cron: '0 9 * * *', time: '09:00' });
    expect(parseSchedule('Weekdays 08:30')).toEqual({ text: 'weekdays 08:30', cron: '30 8 * * 1-5', time: '08:30' });
    expect(parseSchedule('weekly monday 09:00')).toEqual({ text: 'weekly mon 09:00', cron: '0 9 * * 1', time: '09:00' });
    expect(parseSchedule('0 9 * * 1-5')).toEqual({ text: 'cron 0 9 * * 1-5', cron: '0 9 * * 1-5' });
    expect(parseSchedule('cron 0 9 * * 1-5').text).toBe('cron 0 9 * * 1-5');
  });

  it('refuses the rest with a message listing the accepted forms', () => {
    for (const bad of ['daily', 'daily 25:00', 'weekly 09:00', 'weekly xyz 09:00', 'hourly', '61 * * * *', '* * * * *', 'daily 09:00 10:00']) {
      expect(() => parseSchedule(bad), bad).toThrow(UserFacingError);
      expect(() => parseSchedule(bad), bad).toThrow(/daily 09:00, weekdays 08:30, weekly mon 09:00/);
    }
  });
});

describe('parseTimezone', () => {
  it('returns canonical IANA names and defaults to UTC', () => {
    expect(parseTimezone(undefined)).toBe('UTC');
    expect(parseTimezone('utc')).toBe('UTC');
    expect(parseTimezone('Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(parseTimezone('asia/shanghai')).toBe('Asia/Shanghai');
  });
  it('refuses unknown zones', () => {
    expect(() => parseTimezone('Mars/Olympus')).toThrow(/not an IANA time zone/);
    expect(() => parseTimezone('09:00')).toThrow(/not an IANA time zone/);
  });
});

describe('slots across daylight-saving changes (America/New_York)', () => {
  const ny = 'America/New_York';
  it('runs a 02:30 slot once on the spring-forward day 2027-03-14 (at 03:00 EDT), not skipped', () => {
    const s = parseSchedule('daily 02:30');
    const runs = nextSlots(s, ny, new Date('2027-03-13T12:00:00Z'), 3).map(iso);
    expect(runs).toEqual(['2027-03-14T07:00:00.000Z', '2027-03-15T06:30:00.000Z', '2027-03-16T06:30:00.000Z']);
    expect(clockTime(new Date(runs[0]!), ny)).toBe('03:00');
  });
  it('runs a 01:30 slot once on the fall-back day 2027-11-07 (the repeated hour)', () => {
    const s = parseSchedule('daily 01:30');
    const runs = nextSlots(s, ny, new Date('2027-11-06T12:00:00Z'), 3).map(iso);
    expect(runs).toEqual(['2027-11-07T05:30:00.000Z', '2027-11-08T06:30:00.000Z', '2027-11-09T06:30:00.000Z']);
    // The second 01:30 (06:30Z, EST) is not a slot: stepping from the first lands on the next day.
    expect(iso(nextSlot(s, ny, new Date('2027-11-07T05:30:00Z')))).toBe('2027-11-08T06:30:00.000Z');
  });
  it('keeps 09:00 local across the change (UTC offset moves)', () => {
    const s = parseSchedule('daily 09:00');
    expect(nextSlots(s, ny, new Date('2027-03-13T15:00:00Z'), 2).map(iso)).toEqual(['2027-03-14T13:00:00.000Z', '2027-03-15T13:00:00.000Z']);
  });
});

describe('weekday and weekly rules', () => {
  it('weekdays skip the weekend (Asia/Shanghai, no DST)', () => {
    const runs = nextSlots(parseSchedule('weekdays 08:30'), 'Asia/Shanghai', new Date('2027-03-12T00:00:00Z'), 3).map(iso);
    // Fri 12 Mar 08:30 CST = 00:30Z, then Mon 15, Tue 16.
    expect(runs).toEqual(['2027-03-12T00:30:00.000Z', '2027-03-15T00:30:00.000Z', '2027-03-16T00:30:00.000Z']);
  });
  it('weekly mon 09:00 runs on Mondays only', () => {
    const runs = nextSlots(parseSchedule('weekly mon 09:00'), 'Asia/Shanghai', new Date('2027-03-10T00:00:00Z'), 2);
    expect(runs.map(iso)).toEqual(['2027-03-15T01:00:00.000Z', '2027-03-22T01:00:00.000Z']);
  });
});

describe('planDue (catch-up)', () => {
  const s = parseSchedule('daily 09:00');
  const slot = Date.parse('2027-03-15T09:00:00Z');
  it('does nothing before the slot', () => {
    expect(planDue(s, 'UTC', slot, slot - 1, 2 * H)).toEqual({ missed: [], nextSlotAt: slot });
  });
  it('posts an on-time slot, not delayed, and moves to the next day', () => {
    expect(planDue(s, 'UTC', slot, slot + 5_000, 2 * H)).toEqual({ post: { slot, delayed: false }, missed: [], nextSlotAt: slot + 24 * H });
  });
  it('posts a slot missed by less than the grace, marked delayed', () => {
    expect(planDue(s, 'UTC', slot, slot + H, 2 * H).post).toEqual({ slot, delayed: true });
  });
  it('records a slot older than the grace as missed', () => {
    expect(planDue(s, 'UTC', slot, slot + 3 * H, 2 * H)).toEqual({ missed: [slot], nextSlotAt: slot + 24 * H });
  });
  it('after three days down posts only the latest slot (when within grace) and records the others', () => {
    const plan = planDue(s, 'UTC', slot, slot + 3 * 24 * H + 10 * 60_000, 2 * H);
    expect(plan.post).toEqual({ slot: slot + 3 * 24 * H, delayed: true });
    expect(plan.missed).toEqual([slot, slot + 24 * H, slot + 2 * 24 * H]);
    expect(plan.nextSlotAt).toBe(slot + 4 * 24 * H);
  });
});
