import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../src/core/amount.js';
import {
  canonicalTimeZone,
  etcOffsetMeaning,
  fixedOffsetZone,
  suggestTimeZones,
} from '../../src/core/days.js';
import { findExercise } from '../../src/core/exercises.js';
import type { RemindersError } from '../../src/core/reminders.errors.js';
import type { TimeZoneError } from '../../src/core/time-zones.errors.js';
import { visibleText } from '../../src/core/member-text.js';
import { checkNote } from '../../src/core/notes.js';
import { parseScheduleText } from '../../src/core/schedule-text.js';
import type { Reminder } from '../../src/db/schema.js';
import { parseCustomId } from '../../src/discord/custom-ids.js';
import { isolated, nameOf, shownName } from '../../src/discord/render/format.js';
import { memberErrorText } from '../../src/discord/render/member-errors.js';
import { renderDeleted } from '../../src/discord/render/privacy.js';
import { listLimit, renderReminderList } from '../../src/discord/render/reminders.js';
import { renderLogged } from '../../src/discord/render/log.js';
import { renderStats } from '../../src/discord/render/stats.js';
import type { LoggedExercise } from '../../src/services/exercise-log.js';
import type { MemberStats } from '../../src/services/member-stats.js';

const context = { now: new Date('2026-11-28T18:00:00Z'), zone: 'Europe/Berlin' };
const schedule = (text: string) => {
  const result = parseScheduleText(text, context);
  return result.ok ? result.value.cron : result.error.code;
};
const pushups = findExercise('pushups')!;
const plank = findExercise('static-back')!;
const amount = (exercise: typeof pushups, text: string) => {
  const result = parseAmount(exercise, text);
  return result.ok ? result.value : result.error.code;
};

describe('day lists ending in "sat"', () => {
  it.each([
    ['sat 10am', '0 10 * * 6'],
    ['mon-sat 7:30', '30 7 * * 1,2,3,4,5,6'],
    ['fri,sat 20:00', '0 20 * * 5,6'],
    ['sat at 9:00', '0 9 * * 6'],
    ['Sat 8pm', '0 20 * * 6'],
    ['sun,sat 07:00', '0 7 * * 0,6'],
    ['daily at 20:30', '30 20 * * *'],
  ])('%j reads as %j', (text, cron) => {
    expect(schedule(text)).toBe(cron);
  });
});

describe('counts', () => {
  it.each(['3 0', '1 000', '3\t0', ' 2 5 '])(
    '%j, digits split by a space, is refused, not joined',
    (text) => {
      expect(amount(pushups, text)).toBe('amount.spaced');
      expect(amount(plank, text)).toBe('amount.spaced');
    },
  );

  it('durations keep their spaces between units', () => {
    expect(amount(plank, '1h 30m')).toBe(5400);
    expect(amount(plank, '2 m')).toBe(120);
  });

  it.each(['1234567890', '99999999999', '0000000000030', '99999999999s'])(
    '%j, ten digits or more, is too large, not "not a whole number"',
    (text) => {
      expect(amount(pushups, text)).toBe('amount.huge');
      expect(amount(plank, text)).toBe('amount.huge');
    },
  );

  it('the answer to a huge count says it is too large', () => {
    const error = parseAmount(pushups, '99999999999');
    expect(error.ok).toBe(false);
    if (!error.ok) expect(memberErrorText(error.error)).toMatch(/too large/);
    expect(memberErrorText(error.ok ? { code: 'amount.not_reps' } : error.error)).not.toMatch(/whole number/);
  });
});

describe('time zones', () => {
  it.each([
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['asia/kolkata', 'Asia/Kolkata'],
    ['Europe/Kyiv', 'Europe/Kyiv'],
    ['Asia/Ho_Chi_Minh', 'Asia/Ho_Chi_Minh'],
    ['Asia/Calcutta', 'Asia/Calcutta'],
    ['europe/berlin', 'Europe/Berlin'],
    ['utc', 'UTC'],
    ['Etc/GMT+12', 'Etc/GMT+12'],
  ])('%j is kept as %j', (typed, zone) => {
    expect(canonicalTimeZone(typed)).toBe(zone);
  });

  it('autocomplete finds current names and UTC', () => {
    expect(suggestTimeZones('kolkata')).toContain('Asia/Kolkata');
    expect(suggestTimeZones('kyiv')).toContain('Europe/Kyiv');
    expect(suggestTimeZones('ho chi')).toContain('Asia/Ho_Chi_Minh');
    expect(suggestTimeZones('utc')[0]).toBe('UTC');
  });

  it('Etc/GMT+12 means UTC−12 (the sign is inverted), by Luxon', () => {
    expect(etcOffsetMeaning('Etc/GMT+12')).toBe('UTC−12');
    expect(etcOffsetMeaning('Etc/GMT-5')).toBe('UTC+05');
    expect(etcOffsetMeaning('Europe/Berlin')).toBeUndefined();
  });

  it('a fixed offset is told apart and named in its Etc spelling', () => {
    expect(fixedOffsetZone('UTC+2')).toBe('Etc/GMT-2');
    expect(fixedOffsetZone('gmt-5:00')).toBe('Etc/GMT+5');
    expect(fixedOffsetZone('UTC+99')).toBeUndefined();
    expect(fixedOffsetZone('EST')).toBeUndefined();
    const offset: TimeZoneError = { code: 'timezone.fixed_offset', typed: 'UTC+2', zone: 'Etc/GMT-2' };
    const text = memberErrorText(offset);
    expect(text).toMatch(/daylight saving/);
    expect(text).toMatch(/Etc\/GMT-2/);
  });
});

describe('invisible text', () => {
  const blanks = [
    '\u200B',
    '\u200B\u200C\u200D\uFEFF',
    ' \u2060 \u00A0',
    '\u202E\u202C',
    '\u3164\u2800',
    '\u00AD',
  ];

  it.each(blanks)('%j is empty', (text) => {
    expect(visibleText(text)).toBe('');
    expect(checkNote(text)).toEqual({ ok: true, value: null });
  });

  it('text with anything visible is kept as typed', () => {
    expect(visibleText('  stretch\u200B ')).toBe('stretch\u200B');
    expect(visibleText('مرحبا')).toBe('مرحبا');
  });
});

describe('member text echoed', () => {
  it('bidi overrides are dropped and right-to-left text is isolated', () => {
    expect(isolated('abc\u202Edef')).toBe('\u2068abcdef\u2069');
    expect(isolated('مرحبا')).toBe('\u2068مرحبا\u2069');
    expect(isolated('plain')).toBe('plain');
  });

  it('an error quoting what the member typed isolates it', () => {
    const unreadable: RemindersError = { code: 'schedule.unreadable', typed: 'evil\u202Eetirw' };
    const text = memberErrorText(unreadable);
    expect(text).not.toContain('\u202E');
    expect(text).toContain('\u2068evil');
  });

  it('names are markdown-escaped, masked links and headings included', () => {
    expect(shownName('[free nitro](https://x.example)')).toBe('\\[free nitro](https://x.example)');
    expect(shownName('# big')).toBe('\\# big');
    expect(shownName('**bold**')).toBe('\\*\\*bold\\*\\*');
    expect(nameOf(new Map([['1', '~~x~~']]), '1')).toBe('\\~\\~x\\~\\~');
  });

  it('the public /log post and /me escape the member name', () => {
    const logged = {
      exercise: pushups,
      log: { amount: 30, localDay: '2026-11-28' },
      dayTotal: 30,
      newTier: null,
      streaks: { current: 1, best: 1 },
      isToday: true,
    } as unknown as LoggedExercise;
    expect(renderLogged(logged, '**[x](https://e.example)**').content).toContain(
      '**\\*\\*\\[x](https://e.example)\\*\\*** logged',
    );
    const stats = {
      streaks: { current: 0, best: 0 },
      activeDaysThisWeek: 0,
      activeDaysAllTime: 0,
      pointsThisWeek: 0,
      pointsAllTime: 0,
      progress: [],
    } as unknown as MemberStats;
    expect((renderStats(stats, '_x_', true).embeds as APIEmbed[])[0]!.title).toBe('\\_x\\_’s progress');
  });
});

describe('lists', () => {
  const reminder = (number: number): Reminder =>
    ({
      id: number,
      number,
      kind: 'server',
      channelId: '123456789012345678',
      enabled: true,
      nextFireAt: new Date('2026-11-30T08:00:00Z'),
      scheduleWords: 'every Monday, Tuesday, Wednesday, Thursday and Friday at 09:00',
      timeZone: 'America/Argentina/Buenos_Aires',
      onlyIfNotLogged: false,
      openHoldRoutine: 'evening-stretch',
      message: `Schedule ${number}: ${'a long message that goes on and on '.repeat(8)}`,
    }) as unknown as Reminder;

  it('25 schedules: whole lines within one message, and the numbers of the rest named', () => {
    const all = Array.from({ length: 25 }, (_, i) => reminder(i + 1));
    const text = renderReminderList(all, 'none');
    expect(text.length).toBeLessThanOrEqual(listLimit);
    const shown = [...text.matchAll(/^\*\*#(\d+)\*\*/gm)].map((m) => Number(m[1]));
    expect(shown.length).toBeGreaterThan(3);
    const rest = 25 - shown.length;
    const more = new RegExp(`and ${rest} more.*: (#\\d+(?:, )?)+`);
    expect(text).toMatch(more);
    for (let n = shown.length + 1; n <= 25; n++) expect(text).toContain(`#${n}`);
    // Each line shows its message, cut whole, never mid-line.
    expect(text.split('\n').filter((line) => line.startsWith('> '))).toHaveLength(shown.length);
  });

  it('a short list shows everything and no "more"', () => {
    const text = renderReminderList([reminder(1), reminder(2)], 'none');
    expect(text).not.toMatch(/more/);
    expect(text).toContain('#2');
  });
});

describe('buttons', () => {
  it('ids past the database integers, or of no known kind, are unknown', () => {
    expect(parseCustomId('reminder:stop:99999999999')).toBeUndefined();
    expect(parseCustomId('hold:join:99999999999999')).toBeUndefined();
    expect(parseCustomId('hold:join:0')).toBeUndefined();
    expect(parseCustomId('legacy:thing')).toBeUndefined();
    expect(parseCustomId('reminder:stop:17')).toEqual({
      feature: 'reminder',
      action: 'stop',
      reminderId: 17,
    });
  });

  it('an obsolete button is told so', () => {
    expect(memberErrorText({ code: 'command.button_obsolete' })).toMatch(/no longer works/);
  });
});

describe('a second "Delete my data"', () => {
  it('says what the first press did, not "I deleted 0 logs"', () => {
    const text = renderDeleted({ logs: 12, holds: 1, reminders: 2, settings: 1, already: true });
    expect(text).toMatch(/already deleted/);
    expect(text).toContain('12 logs');
  });

  it('with nothing found, says there was nothing left', () => {
    const text = renderDeleted({ logs: 0, holds: 0, reminders: 0, settings: 0 });
    expect(text).not.toMatch(/deleted 0 logs/);
    expect(text).toMatch(/nothing left/);
  });
});
