import { DateTime } from 'luxon';
import { clockTime, intervalExpression, intervalLimits, parseCron } from './cron.js';
import type { RemindersError } from './reminders.errors.js';
import { err, ok, type Result } from './result.js';

export interface ScheduleText {
  /** The schedule as stored: a 5-field cron expression or an interval (see core/cron.ts). */
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

const units: Record<string, number> = { m: 1, min: 1, mins: 1, minute: 1, minutes: 1 };
for (const word of ['h', 'hr', 'hrs', 'hour', 'hours']) units[word] = 60;

/** "08:00, 13:00 and 18:00", or "08:00, 08:45, … 21:30" when there are many. */
function windowTimes(from: number, to: number, every: number): string {
  const times: string[] = [];
  for (let t = from; t <= to; t += every) times.push(clockTime(t));
  if (times.length <= 4)
    return times.length > 1 ? `${times.slice(0, -1).join(', ')} and ${times.at(-1)!}` : times[0]!;
  return `${times[0]!}, ${times[1]!}, … ${times.at(-1)!}`;
}

/**
 * An interval: `every 45 minutes`, `every 7 hours`, `every hour`, optionally `from 08:00 to 22:00`.
 * Without a window it is elapsed time counted from `now` (to the minute), day and night whatever the
 * clocks do; with one, it starts again at the window's start each local day. Undefined: not an interval.
 */
function parseInterval(text: string, context: { now: Date; zone: string }): Result<ScheduleText> | undefined {
  const match =
    /^(?:every|each) (?:(\d{1,4}) ?([a-z]+)|(hour|minute))(?: (?:from|between) (.+?) (?:to|and|until|-) (.+))?$/.exec(
      text,
    );
  if (!match) return undefined;
  const unit = units[match[2] ?? match[3]!];
  if (unit === undefined) return undefined;
  const everyMinutes = (match[1] === undefined ? 1 : Number(match[1])) * unit;
  if (everyMinutes < intervalLimits.minMinutes || everyMinutes > intervalLimits.maxMinutes)
    return err<RemindersError>({ code: 'schedule.bad_interval' });
  const n = match[1] === undefined ? 1 : Number(match[1]);
  const every =
    n === 1 ? `every ${unit === 60 ? 'hour' : 'minute'}` : `every ${n} ${unit === 60 ? 'hours' : 'minutes'}`;
  if (match[4] !== undefined) {
    const from = parseTimeOfDay(match[4]);
    const to = parseTimeOfDay(match[5]!);
    if (!from || !to) return err<RemindersError>({ code: 'schedule.unreadable', typed: text });
    const [start, end] = [from.hour * 60 + from.minute, to.hour * 60 + to.minute];
    if (start >= end) return err<RemindersError>({ code: 'schedule.bad_window' });
    return ok({
      cron: intervalExpression(everyMinutes, { from: start, to: end }),
      words: `${every} from ${clockTime(start)} to ${clockTime(end)} (${windowTimes(start, end, everyMinutes)})`,
    });
  }
  const anchor = new Date(Math.floor(context.now.getTime() / 60_000) * 60_000);
  const local = DateTime.fromJSDate(anchor, { zone: context.zone }).setLocale('en');
  return ok({
    cron: intervalExpression(everyMinutes, { anchor }),
    words: `${every} around the clock, counted from ${local.toFormat('HH:mm')} on ${local.toFormat('d LLLL')}`,
  });
}

/**
 * Reads when a reminder fires: a friendly form ("daily 20:30", "weekdays 07:30", "mon,wed,fri 18:00",
 * "every 2 hours", "every 45 minutes from 08:00 to 22:00") or a raw 5-field cron expression. `now` and
 * `zone` anchor intervals and word them; nothing here reads the host's clock.
 */
export function parseScheduleText(input: string, context: { now: Date; zone: string }): Result<ScheduleText> {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const unreadable = err<RemindersError>({ code: 'schedule.unreadable', typed: input });
  if (text === '') return unreadable;

  const interval = parseInterval(text, context);
  if (interval) return interval;

  if (/^[\d*/,\-a-z#?]+( [\d*/,\-a-z#?]+){4}$/.test(text) && /[*\d]/.test(text.split(' ')[0]!)) {
    const cron = parseCron(text);
    if (!cron.ok) return cron;
    return ok({ cron: text, words: `on the cron schedule \`${text}\`` });
  }
  if (/^[\d*/,-]+( [\d*/,a-z#?-]+){5}$/.test(text)) {
    return err<RemindersError>({ code: 'schedule.seconds' });
  }

  const match = /^(.*?)\s*(?:\bat\s+)?(\d{1,2}(?::\d{2})?\s*(?:am|pm)?)$/.exec(text);
  if (!match) return unreadable;
  const time = parseTimeOfDay(match[2]!);
  const days = parseDays(match[1]!.replace(/\s+at$/, ''));
  if (!time || !days) return unreadable;
  return ok({
    cron: `${time.minute} ${time.hour} * * ${days.field}`,
    words: `${days.words} at ${pad(time.hour)}:${pad(time.minute)}`,
  });
}
