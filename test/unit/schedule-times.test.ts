import { DateTime } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstGapUnder, nextFireInNewZone, nextFireTimes, parseCron } from '../../src/core/cron.js';
import { remindersErrorTexts, type RemindersError } from '../../src/core/reminders.errors.js';
import { parseScheduleText } from '../../src/core/schedule-text.js';
import type { Reminder } from '../../src/db/schema.js';
import { planFire } from '../../src/scheduler/reminder-dispatcher.js';

const markup = { channel: (id: string) => `#${id}` };
const now = new Date('2026-12-02T06:41:30Z');
const read = (input: string, zone = 'UTC') => parseScheduleText(input, { now, zone });
/** The member-facing text of what was refused, or the stored schedule when it was taken. */
const refusal = (input: string) => {
  const result = read(input);
  if (result.ok) return result.value.cron;
  const error = result.error as RemindersError;
  const text = remindersErrorTexts[error.code] as (e: RemindersError, m: typeof markup) => string;
  return `${error.code}: ${text(error, markup)}`;
};
const local = (fires: Date[], zone: string) =>
  fires.map((d) => DateTime.fromJSDate(d, { zone }).toFormat('yyyy-MM-dd HH:mm ZZ'));

afterEach(() => {
  vi.useRealTimers();
});

describe('cron refusals name the real problem', () => {
  it.each([
    ['0 0 31 2 *', 'schedule.no_such_day: That schedule never fires: February has no 31st.'],
    ['0 0 30,31 2 *', 'schedule.no_such_day: That schedule never fires: February has no 30th or 31st.'],
    ['0 0 31 4,6 *', 'schedule.no_such_day: That schedule never fires: April and June have no 31st.'],
    [
      '*/0 * * * *',
      'schedule.bad_step: In a cron expression a step (the number after `/`) must be at least 1.',
    ],
    [
      '0 0 L * *',
      expect.stringMatching(/^schedule\.unsupported: `L` in cron expressions .* isn’t supported/),
    ],
    ['0 9 * * 1#2', expect.stringMatching(/^schedule\.unsupported: `#` in cron expressions/)],
    ['0 9 15w * *', expect.stringMatching(/^schedule\.unsupported: `W`/)],
    ['61 * * * *', 'schedule.out_of_range: 61 is not a possible minute: it goes from 0 to 59.'],
    ['0 9 * * 5-1', expect.stringMatching(/^schedule\.backwards_range: The range `5-1` runs backwards/)],
    ['every 0 minutes', expect.stringMatching(/^schedule\.bad_interval: An interval goes from 15 minutes/)],
    ['every 25 hours', expect.stringMatching(/^schedule\.bad_interval/)],
    ['every 2 hours from 22:00 to 06:00', expect.stringMatching(/^schedule\.bad_window/)],
  ])('%j', (input, expected) => {
    expect(refusal(input)).toEqual(expected);
  });

  it('still takes names, steps from a start and Sunday as 7', () => {
    expect(parseCron('0 9 * jan-mar mon-fri').ok).toBe(true);
    expect(parseCron('5/20 * * * 7').ok).toBe(true);
    expect(nextFireTimes('5/20 9 * * 7', 'UTC', new Date('2026-11-28T00:00:00Z'), 3)).toEqual([
      new Date('2026-11-29T09:05:00Z'),
      new Date('2026-11-29T09:25:00Z'),
      new Date('2026-11-29T09:45:00Z'),
    ]);
  });
});

describe('repeated and skipped local times', () => {
  it.each([['2026-01-15T12:00:00Z'], ['2026-07-15T12:00:00Z']])(
    'a repeated autumn time is its first occurrence, with the host clock at %s',
    (hostDate) => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(hostDate));
      expect(
        local(
          nextFireTimes('30 1 * * *', 'Europe/London', new Date('2026-10-24T12:00:00Z'), 2),
          'Europe/London',
        ),
      ).toEqual(['2026-10-25 01:30 +01:00', '2026-10-26 01:30 +00:00']);
      expect(
        local(
          nextFireTimes('45 1 * * *', 'Australia/Lord_Howe', new Date('2026-04-04T00:00:00Z'), 1),
          'Australia/Lord_Howe',
        ),
      ).toEqual(['2026-04-05 01:45 +11:00']);
      expect(
        local(
          nextFireTimes('30 1 * * *', 'America/New_York', new Date('2026-10-31T12:00:00Z'), 1),
          'America/New_York',
        ),
      ).toEqual(['2026-11-01 01:30 -04:00']);
    },
  );

  it('a skipped time fires shifted by the gap', () => {
    expect(
      local(
        nextFireTimes('30 2 * * *', 'America/New_York', new Date('2026-03-07T12:00:00Z'), 1),
        'America/New_York',
      ),
    ).toEqual(['2026-03-08 03:30 -04:00']);
    // Lord Howe skips half an hour: 02:15 becomes 02:45.
    expect(
      local(
        nextFireTimes('15 2 * * *', 'Australia/Lord_Howe', new Date('2026-10-03T00:00:00Z'), 1),
        'Australia/Lord_Howe',
      ),
    ).toEqual(['2026-10-04 02:45 +11:00']);
    // Havana skips midnight itself.
    expect(
      local(
        nextFireTimes('0 0 * * *', 'America/Havana', new Date('2026-03-07T12:00:00Z'), 1),
        'America/Havana',
      ),
    ).toEqual(['2026-03-08 01:00 -04:00']);
  });
});

describe('intervals mean elapsed time', () => {
  const anchor = new Date('2026-12-02T06:41:00Z');

  it.each([
    ['every 45 minutes', 45, 'every 45 minutes around the clock, counted from 06:41 on 2 December'],
    ['every 50 minutes', 50, 'every 50 minutes around the clock, counted from 06:41 on 2 December'],
    ['every 7 hours', 420, 'every 7 hours around the clock, counted from 06:41 on 2 December'],
    ['every 24 hours', 1440, 'every 24 hours around the clock, counted from 06:41 on 2 December'],
  ])('%j fires every %i minutes from when it was set', (input, minutes, words) => {
    const result = read(input);
    expect(result.ok && result.value.words).toBe(words);
    const cron = result.ok ? result.value.cron : '';
    const fires = nextFireTimes(cron, 'UTC', now, 4);
    expect(fires.map((d) => (d.getTime() - anchor.getTime()) / 60_000)).toEqual(
      [1, 2, 3, 4].map((k) => k * minutes),
    );
  });

  it('keeps elapsed time through the autumn night (no 90-minute silence)', () => {
    const result = parseScheduleText('every 30 minutes', {
      now: new Date('2026-10-24T22:00:00Z'),
      zone: 'Europe/London',
    });
    const fires = nextFireTimes(
      result.ok ? result.value.cron : '',
      'Europe/London',
      new Date('2026-10-24T22:00:00Z'),
      12,
    );
    const gaps = fires.slice(1).map((d, i) => (d.getTime() - fires[i]!.getTime()) / 60_000);
    expect(new Set(gaps)).toEqual(new Set([30]));
  });

  it('stays on its anchor after weeks of downtime, as the dispatcher plans it', () => {
    const reminder = {
      cron: 'every 45m from 2026-11-01T00:00:00.000Z',
      timeZone: 'Europe/London',
      nextFireAt: new Date('2026-11-10T00:00:00Z'),
    } as Reminder;
    const { fireAt, next } = planFire(reminder, new Date('2026-12-02T06:41:30Z'));
    const anchor = Date.parse('2026-11-01T00:00:00Z');
    expect((fireAt.getTime() - anchor) % (45 * 60_000)).toBe(0);
    expect(fireAt <= new Date('2026-12-02T06:41:30Z')).toBe(true);
    expect(next.getTime() - fireAt.getTime()).toBe(45 * 60_000);
    expect(next > new Date('2026-12-02T06:41:30Z')).toBe(true);
  });

  it('shows a window as it will really fire', () => {
    expect(read('every 2 hours from 08:00 to 22:00')).toEqual({
      ok: true,
      value: {
        cron: 'every 120m from 08:00 to 22:00',
        words: 'every 2 hours from 08:00 to 22:00 (08:00, 10:00, … 22:00)',
      },
    });
    expect(read('every 5 hours between 8am and 10pm')).toEqual({
      ok: true,
      value: {
        cron: 'every 300m from 08:00 to 22:00',
        words: 'every 5 hours from 08:00 to 22:00 (08:00, 13:00 and 18:00)',
      },
    });
    expect(
      local(nextFireTimes('every 300m from 08:00 to 22:00', 'Europe/Dublin', now, 4), 'Europe/Dublin'),
    ).toEqual([
      '2026-12-02 08:00 +00:00',
      '2026-12-02 13:00 +00:00',
      '2026-12-02 18:00 +00:00',
      '2026-12-03 08:00 +00:00',
    ]);
  });
});

describe('the minimum gap is checked on real gaps over a year', () => {
  it('finds the one night a year two fires come 10 minutes apart', () => {
    expect(firstGapUnder('0,50 0-20/2,23 1-31/2 3,4 *', 'UTC', new Date('2026-06-01T00:00:00Z'), 15)).toEqual(
      {
        gapMinutes: 10,
        at: new Date('2027-04-01T00:00:00Z'),
      },
    );
  });

  it('finds the spring night a 20-minute cron fires 10 minutes apart in Lord Howe; the interval never does', () => {
    expect(
      firstGapUnder('*/20 * * * *', 'Australia/Lord_Howe', new Date('2026-06-01T00:00:00Z'), 15),
    ).toEqual({
      gapMinutes: 10,
      at: new Date('2026-10-03T15:40:00Z'),
    });
    const every20 = parseScheduleText('every 20 minutes', { now, zone: 'Australia/Lord_Howe' });
    expect(every20.ok && firstGapUnder(every20.value.cron, 'Australia/Lord_Howe', now, 15)).toBeUndefined();
  });

  it('finds a window that leaves less than its interval overnight', () => {
    expect(firstGapUnder('every 50m from 00:00 to 23:59', 'Europe/London', now, 50)?.gapMinutes).toBe(40);
  });
});

describe('a change of the server’s zone', () => {
  it('never makes a fire twice for the same local day and time (moving west after a post)', () => {
    // Berlin's Monday 09:00 board went out at 08:00Z; at 08:30Z the server moves to London.
    const next = nextFireInNewZone('0 9 * * 1', {
      from: 'Europe/Berlin',
      to: 'Europe/London',
      pending: new Date('2026-12-14T08:00:00Z'),
      now: new Date('2026-12-07T08:30:00Z'),
    });
    expect(next).toEqual(new Date('2026-12-14T09:00:00Z'));
  });

  it('keeps local times when nothing has fired yet', () => {
    const next = nextFireInNewZone('30 20 * * *', {
      from: 'Europe/Berlin',
      to: 'America/New_York',
      pending: new Date('2026-12-07T19:30:00Z'),
      now: new Date('2026-12-07T12:00:00Z'),
    });
    expect(local([next!], 'America/New_York')).toEqual(['2026-12-07 20:30 -05:00']);
  });

  it('lets an interval carry on in elapsed time', () => {
    const pending = new Date('2026-12-07T13:00:00Z');
    expect(
      nextFireInNewZone('every 45m from 2026-12-07T10:45:00.000Z', {
        from: 'UTC',
        to: 'Asia/Tehran',
        pending,
        now: new Date('2026-12-07T12:30:00Z'),
      }),
    ).toEqual(pending);
  });
});
