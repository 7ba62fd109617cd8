import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { firstGapUnder, nextFireTimes, parseSchedule } from '../../src/core/cron.js';
import { parseScheduleText } from '../../src/core/schedule-text.js';

/**
 * Every day of 2026–2030 in zones with every kind of clock change: Lord Howe's half hour, Chatham's
 * 45-minute offset, Havana's and Santiago's skipped midnight, Tehran (which dropped daylight saving),
 * Dublin's "negative" summer time, London and New York. Fires are walked one at a time from the last,
 * as the dispatcher plans them.
 */
const zones = [
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/Havana',
  'America/Santiago',
  'Asia/Tehran',
  'Europe/Dublin',
  'Europe/London',
  'America/New_York',
];
const daily = [
  'daily 00:00',
  'daily 00:30',
  'daily 01:30',
  'daily 02:15',
  'daily 02:30',
  'daily 12:00',
  'daily 23:45',
];
const weekdays = ['weekdays 07:30', 'weekdays 00:15'];
const intervals = [
  'every 20 minutes',
  'every 45 minutes',
  'every 7 hours',
  'every 2 hours from 08:00 to 22:00',
  'every 30 minutes from 00:00 to 03:30',
];
const minGapMinutes = 15;
const firstDay = '2026-01-01';
const lastDay = '2030-12-31';
const allDays = (() => {
  const days: string[] = [];
  for (
    let d = DateTime.fromISO(firstDay, { zone: 'UTC' });
    d.toISODate()! <= lastDay;
    d = d.plus({ days: 1 })
  )
    days.push(d.toISODate()!);
  return days;
})();
const weekdayDays = allDays.filter((day) => DateTime.fromISO(day, { zone: 'UTC' }).weekday <= 5);

const smallest = (values: readonly number[]) => values.reduce((a, b) => Math.min(a, b), Infinity);

interface Scan {
  fires: number[];
  days: string[];
  gaps: number[];
}

/** The local date of an instant, from ICU directly: Luxon objects for 130,000 fires would dominate the scan. */
const dateIn = (zone: string) => {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (at: number) => format.format(at);
};

function scan(when: string, zone: string): { expression: string; scan: Scan } {
  const start = DateTime.fromISO(firstDay, { zone }).toJSDate();
  const end = DateTime.fromISO(lastDay, { zone }).plus({ days: 1 }).toMillis();
  const text = parseScheduleText(when, { now: start, zone });
  if (!text.ok) throw new Error(`${when}: ${text.error.code}`);
  const fires: number[] = [];
  let after = new Date(start.getTime() - 1);
  for (;;) {
    const [next] = nextFireTimes(text.value.cron, zone, after, 1);
    if (!next || next.getTime() >= end) break;
    fires.push(next.getTime());
    after = next;
  }
  return {
    expression: text.value.cron,
    scan: {
      fires,
      days: when.startsWith('every') && !when.includes(' from ') ? [] : fires.map(dateIn(zone)),
      gaps: fires.slice(1).map((at, i) => (at - fires[i]!) / 60_000),
    },
  };
}

const digests = new Map<string, string>();

describe.each([['2026-01-15T12:00:00Z'], ['2026-07-15T12:00:00Z']])(
  'every day of 2026–2030 with the host clock at %s',
  (hostDate) => {
    const results: string[] = [];
    beforeAll(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(hostDate));
    });
    afterAll(() => {
      vi.useRealTimers();
      digests.set(hostDate, createHash('sha256').update(results.join('\n')).digest('hex'));
    });

    it.each(zones)('daily reminders fire once on every local day in %s', (zone) => {
      for (const when of daily) {
        const { scan: result } = scan(when, zone);
        expect(result.days, `${when} in ${zone}`).toEqual(allDays);
        expect(smallest(result.gaps), `${when} in ${zone}`).toBeGreaterThanOrEqual(22 * 60);
        results.push(`${zone} ${when} ${result.fires.join(',')}`);
      }
    });

    it.each(zones)('weekday reminders fire once on every local weekday in %s', (zone) => {
      for (const when of weekdays) {
        const { scan: result } = scan(when, zone);
        expect(result.days, `${when} in ${zone}`).toEqual(weekdayDays);
        expect(smallest(result.gaps), `${when} in ${zone}`).toBeGreaterThanOrEqual(22 * 60);
        results.push(`${zone} ${when} ${result.fires.join(',')}`);
      }
    });

    it.each(zones)('intervals never come closer than they say, nor than 15 minutes, in %s', (zone) => {
      for (const when of intervals) {
        const { expression, scan: result } = scan(when, zone);
        const schedule = parseSchedule(expression);
        if (!schedule.ok || schedule.value.kind === 'cron') throw new Error(`${when} is not an interval`);
        const every = schedule.value.everyMinutes;
        expect(smallest(result.gaps), `${when} in ${zone}`).toBeGreaterThanOrEqual(
          Math.max(every, minGapMinutes),
        );
        if (schedule.value.kind === 'interval') {
          expect(new Set(result.gaps), `${when} in ${zone}`).toEqual(new Set([every]));
        } else {
          // Each local day from the window's start, at exactly the interval, in elapsed time.
          expect(new Set(result.days), `${when} in ${zone}`).toEqual(new Set(allDays));
          const withinDays = result.gaps.filter((_, i) => result.days[i] === result.days[i + 1]);
          expect(new Set(withinDays), `${when} in ${zone}`).toEqual(new Set([every]));
        }
        // What /remind add checks before taking it agrees: a year from the start has no gap too short.
        expect(
          firstGapUnder(expression, zone, new Date(result.fires[0]!), Math.max(every, minGapMinutes)),
        ).toBeUndefined();
        results.push(`${zone} ${when} ${result.fires.join(',')}`);
      }
    });
  },
);

describe('whatever date the host clock shows', () => {
  it('every fire of the scan is the same in January and July', () => {
    expect(digests.size).toBe(2);
    expect(new Set(digests.values()).size).toBe(1);
  });
});
