import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseScheduleText } from '../../src/core/schedule-text.js';
import { firstGapUnder, nextFireTimes, parseCron } from '../../src/core/cron.js';

const read = (input: string) => {
  const result = parseScheduleText(input, { now: new Date('2026-11-28T10:00:00Z'), zone: 'UTC' });
  return result.ok ? result.value : result.error.code;
};

describe('parseScheduleText', () => {
  it.each([
    ['daily 20:30', '30 20 * * *', 'every day at 20:30'],
    ['every day at 8:30pm', '30 20 * * *', 'every day at 20:30'],
    ['20:30', '30 20 * * *', 'every day at 20:30'],
    ['weekdays 07:30', '30 7 * * 1-5', 'on weekdays at 07:30'],
    ['weekends 9am', '0 9 * * 0,6', 'on weekends at 09:00'],
    ['mon,wed,fri 18:00', '0 18 * * 1,3,5', 'every Monday, Wednesday and Friday at 18:00'],
    ['Monday and Thursday 6:15', '15 6 * * 1,4', 'every Monday and Thursday at 06:15'],
    ['tue-thu 12:00', '0 12 * * 2,3,4', 'every Tuesday, Wednesday and Thursday at 12:00'],
    [
      'every 2 hours',
      'every 120m from 2026-11-28T10:00:00.000Z',
      'every 2 hours around the clock, counted from 10:00 on 28 November',
    ],
    [
      'every hour',
      'every 60m from 2026-11-28T10:00:00.000Z',
      'every hour around the clock, counted from 10:00 on 28 November',
    ],
    [
      'every 30 minutes',
      'every 30m from 2026-11-28T10:00:00.000Z',
      'every 30 minutes around the clock, counted from 10:00 on 28 November',
    ],
    ['30 20 * * 1-5', '30 20 * * 1-5', 'on the cron schedule `30 20 * * 1-5`'],
  ])('reads %j', (input, cron, words) => {
    expect(read(input)).toEqual({ cron, words });
  });

  it.each([
    ['', 'schedule.unreadable'],
    ['sometimes', 'schedule.unreadable'],
    ['daily 25:00', 'schedule.unreadable'],
    ['daily 20:61', 'schedule.unreadable'],
    ['funday 10:00', 'schedule.unreadable'],
    ['every 30 hours', 'schedule.bad_interval'],
    ['0 30 20 * * *', 'schedule.seconds'],
  ])('refuses %j', (input, code) => {
    expect(read(input)).toBe(code);
  });
});

describe('cron validation', () => {
  it('accepts 5 fields and nothing else', () => {
    expect(parseCron('30 20 * * 1-5').ok).toBe(true);
    expect(parseCron('61 20 * * *').ok).toBe(false);
    expect(parseCron('* * *').ok).toBe(false);
    expect(parseCron('0 30 20 * * *').ok).toBe(false);
  });

  it('measures how often a schedule fires', () => {
    const from = new Date('2026-11-28T00:00:00Z');
    expect(firstGapUnder('* * * * *', 'UTC', from, 15)?.gapMinutes).toBe(1);
    expect(firstGapUnder('*/15 * * * *', 'UTC', from, 15)).toBeUndefined();
    expect(firstGapUnder('30 20 * * *', 'UTC', from, 24 * 60)).toBeUndefined();
  });
});

/** Every fire of a daily schedule over a week around a daylight-saving change, as local wall-clock times. */
function localFires(cron: string, zone: string, from: string, days: number) {
  const fires = nextFireTimes(cron, zone, new Date(from), days);
  return fires.map((d) => DateTime.fromJSDate(d, { zone }).toFormat('yyyy-MM-dd HH:mm ZZ'));
}

describe('fire times across daylight-saving changes', () => {
  it('fires a daily 02:30 once on the Berlin spring-forward day, shifted by the gap', () => {
    expect(localFires('30 2 * * *', 'Europe/Berlin', '2026-03-27T12:00:00Z', 4)).toEqual([
      '2026-03-28 02:30 +01:00',
      '2026-03-29 03:30 +02:00',
      '2026-03-30 02:30 +02:00',
      '2026-03-31 02:30 +02:00',
    ]);
  });

  it('fires a daily 02:30 once on the Berlin fall-back day, when 02:30 happens twice', () => {
    const fires = nextFireTimes('30 2 * * *', 'Europe/Berlin', new Date('2026-10-23T12:00:00Z'), 4);
    const days = fires.map((d) => DateTime.fromJSDate(d, { zone: 'Europe/Berlin' }).toISODate());
    expect(days).toEqual(['2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27']);
    expect(fires.map((d) => DateTime.fromJSDate(d, { zone: 'Europe/Berlin' }).toFormat('HH:mm'))).toEqual([
      '02:30',
      '02:30',
      '02:30',
      '02:30',
    ]);
  });

  it('fires a daily 02:30 once on each New York change day', () => {
    expect(localFires('30 2 * * *', 'America/New_York', '2026-03-07T12:00:00Z', 3)).toEqual([
      '2026-03-08 03:30 -04:00',
      '2026-03-09 02:30 -04:00',
      '2026-03-10 02:30 -04:00',
    ]);
    const autumn = nextFireTimes('30 1 * * *', 'America/New_York', new Date('2026-10-31T12:00:00Z'), 3);
    expect(autumn.map((d) => DateTime.fromJSDate(d, { zone: 'America/New_York' }).toISODate())).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
    ]);
  });

  it('never repeats an instant when a frequent schedule crosses the gap', () => {
    const fires = nextFireTimes('*/15 * * * *', 'Europe/Berlin', new Date('2026-03-29T00:00:00Z'), 12);
    const instants = fires.map((d) => d.getTime());
    expect(new Set(instants).size).toBe(instants.length);
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
  });

  it('keeps weekly schedules on their local day and time', () => {
    expect(localFires('0 9 * * 1', 'Europe/Berlin', '2026-10-19T12:00:00Z', 2)).toEqual([
      '2026-10-26 09:00 +01:00',
      '2026-11-02 09:00 +01:00',
    ]);
  });
});
