import type { RemindersError } from './reminders.errors.js';
import { err, ok, type Result } from './result.js';

export interface ScheduleText {
  /** A 5-field cron expression (minute hour day-of-month month day-of-week). */
  cron: string;
  /** How the schedule reads back to a member. */
  words: string;
}

const dayNames = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const dayTitle = (n: number) => dayNames[n]!.charAt(0).toUpperCase() + dayNames[n]!.slice(1);
/** "Monday", "Monday and Thursday", "Monday, Wednesday and Friday". */
const listed = (words: string[]) =>
  words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)!}` : words[0]!;

function dayNumber(word: string): number | undefined {
  const index = dayNames.findIndex((name) => word.length >= 3 && name.startsWith(word));
  return index < 0 ? undefined : index;
}

/** `20:30`, `7:05`, `8pm`, `8:30pm`; undefined when it is not a time of day. */
function parseTimeOfDay(text: string): { hour: number; minute: number } | undefined {
  const match = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/.exec(text);
  if (!match) return undefined;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const half = match[3];
  if (!half && match[2] === undefined) return undefined;
  if (half) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The days part: daily, weekdays, weekends, or a list/range of day names. */
function parseDays(text: string): { field: string; words: string } | undefined {
  const t = text.replace(/^every\s+/, '').trim();
  if (t === '' || t === 'daily' || t === 'day' || t === 'every day')
    return { field: '*', words: 'every day' };
  if (t === 'weekdays' || t === 'weekday') return { field: '1-5', words: 'on weekdays' };
  if (t === 'weekends' || t === 'weekend') return { field: '0,6', words: 'on weekends' };
  const days = new Set<number>();
  for (const part of t.split(/\s*,\s*|\s+and\s+|\s+/)) {
    const range = /^([a-z]+)-([a-z]+)$/.exec(part);
    if (range) {
      const from = dayNumber(range[1]!);
      const to = dayNumber(range[2]!);
      if (from === undefined || to === undefined) return undefined;
      for (let d = from; d !== (to + 1) % 7; d = (d + 1) % 7) days.add(d);
      days.add(to);
      continue;
    }
    const day = dayNumber(part.replace(/s$/, ''));
    if (day === undefined) return undefined;
    days.add(day);
  }
  const sorted = [...days].sort((a, b) => a - b);
  return { field: sorted.join(','), words: `every ${listed(sorted.map(dayTitle))}` };
}

/**
 * Reads when a reminder fires: a friendly form ("daily 20:30", "weekdays 07:30", "mon,wed,fri 18:00",
 * "every 2 hours", "every 30 minutes") or a raw 5-field cron expression, which is passed on as it is
 * for the cron library to validate.
 */
export function parseScheduleText(input: string): Result<ScheduleText> {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const unreadable = err<RemindersError>({ code: 'schedule.unreadable', typed: input });
  if (text === '') return unreadable;

  const every =
    /^every (\d{1,3}) ?(hours?|hrs?|h|minutes?|mins?|m)$/.exec(text) ?? /^(?:every|each) (hour)$/.exec(text);
  if (every) {
    const [n, unit] = every[2] === undefined ? [1, 'hour'] : [Number(every[1]), every[2]];
    if (unit.startsWith('h')) {
      if (n < 1 || n > 23) return err<RemindersError>({ code: 'schedule.bad_interval', unit: 'hours' });
      return ok({
        cron: n === 1 ? '0 * * * *' : `0 */${n} * * *`,
        words: n === 1 ? 'every hour, on the hour' : `every ${n} hours, on the hour`,
      });
    }
    if (n < 1 || n > 59) return err<RemindersError>({ code: 'schedule.bad_interval', unit: 'minutes' });
    return ok({ cron: `*/${n} * * * *`, words: `every ${n} minutes` });
  }

  if (/^[\d*/,\-a-z]+( [\d*/,\-a-z]+){4}$/.test(text) && /[*\d]/.test(text.split(' ')[0]!)) {
    return ok({ cron: text, words: `on the cron schedule \`${text}\`` });
  }
  if (/^[\d*/,-]+( [\d*/,a-z-]+){5}$/.test(text)) {
    return err<RemindersError>({ code: 'schedule.seconds' });
  }

  const match = /^(.*?)\s*(?:at\s+)?(\d{1,2}(?::\d{2})?\s*(?:am|pm)?)$/.exec(text);
  if (!match) return unreadable;
  const time = parseTimeOfDay(match[2]!);
  const days = parseDays(match[1]!.replace(/\s+at$/, ''));
  if (!time || !days) return unreadable;
  return ok({
    cron: `${time.minute} ${time.hour} * * ${days.field}`,
    words: `${days.words} at ${pad(time.hour)}:${pad(time.minute)}`,
  });
}
