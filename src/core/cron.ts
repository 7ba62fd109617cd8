import { DateTime, FixedOffsetZone, IANAZone, Info } from 'luxon';
import { parse, validate } from 'node-cron';
import type { RemindersError } from './reminders.errors.js';
import { err, ok, type Result } from './result.js';

/**
 * A reminder's schedule as stored (`reminders.cron`): a 5-field cron expression, or an interval in
 * elapsed time, `every 45m from 2026-12-02T06:45:00.000Z` (counted from that instant, day and night)
 * or `every 120m from 08:00 to 22:00` (each local day, from 08:00 until 22:00). Everything the
 * scheduler needs is in this one text, so planning a fire needs no other column.
 */
export type Schedule =
  | { kind: 'cron'; cron: CronFields }
  | { kind: 'interval'; everyMinutes: number; anchor: Date }
  | { kind: 'window'; everyMinutes: number; from: number; to: number };

export interface CronFields {
  /** Minutes of the day (hour × 60 + minute) it fires at, ascending. */
  readonly times: readonly number[];
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0 = Sunday. */
  readonly daysOfWeek: ReadonlySet<number>;
  /** Classic cron: when both day fields are restricted, either one matching is enough. */
  readonly eitherDay: boolean;
}

const minuteMs = 60_000;
const dayMs = 86_400_000;
export const intervalLimits = { minMinutes: 15, maxMinutes: 24 * 60 } as const;

/** Each field's name and bounds, for refusals that say which number is out of range. */
const fieldSpecs = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;
const monthTitles = Info.months('long', { locale: 'en' });

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;
/** "31st", "30th or 31st", "29th, 30th or 31st". */
const eitherOf = (words: string[]) =>
  words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)!}` : words[0]!;

/**
 * One field's values as node-cron expands them, the other fields left open (so that node-cron's own
 * check of days against months, which ignores the day of the week, never applies); undefined when
 * node-cron can't read the field.
 */
function expandField(index: number, text: string): number[] | undefined {
  const fields = ['0', '0', '*', '*', '*'];
  fields[index] = text;
  const expression = fields.join(' ');
  if (!validate(expression)) return undefined;
  const parsed = parse(expression);
  const values = [parsed.minute, parsed.hour, parsed.dayOfMonth, parsed.month, parsed.dayOfWeek][index]!;
  // What is left as text (`L`, `15W`, `1#2`) is refused before this; it never reaches a schedule.
  return values.every((value) => typeof value === 'number') ? (values as number[]) : undefined;
}

/**
 * The member's mistake in one field, found in its text before node-cron expands it: node-cron refuses
 * these with a bare "invalid expression", or reads them quietly otherwise (it wraps a backwards range,
 * `5-1` as 5, 6, 0, 1, and takes `?` as `*`). `L`, `W` and `#` are refused too: node-cron keeps them
 * as text for its own scheduler, which Align doesn't use.
 */
function fieldProblem(index: number, text: string): RemindersError | undefined {
  const spec = fieldSpecs[index]!;
  // Month and day names (`jul`, `wed`) hold letters that are cron symbols on their own.
  const unsupported = /[lw#?]/.exec(text.replace(/[a-z]{3,}/g, ''));
  if (unsupported) return { code: 'schedule.unsupported', symbol: unsupported[0].toUpperCase() };
  if (/\/0+(?!\d)/.test(text)) return { code: 'schedule.bad_step' };
  for (const number of text.matchAll(/(?<![\d/])\d+/g)) {
    const value = Number(number[0]);
    if (value < spec.min || value > spec.max)
      return { code: 'schedule.out_of_range', field: spec.name, value, min: spec.min, max: spec.max };
  }
  for (const range of text.matchAll(/([a-z0-9]+)-([a-z0-9]+)/g)) {
    // A name's number is node-cron's (`fri` is 5); a number stands for itself (7 is Sunday, after 6).
    const [first, last] = [range[1]!, range[2]!].map((end) =>
      /^\d+$/.test(end) ? Number(end) : expandField(index, end)?.[0],
    );
    if (first !== undefined && last !== undefined && last < first)
      return { code: 'schedule.backwards_range', range: range[0] };
  }
  return undefined;
}

/** `5/20` is `5-59/20`, as in Vixie cron; node-cron only takes a step after `*` or a range. */
const withStepsFromStart = (index: number, text: string) =>
  text
    .split(',')
    .map((part) => part.replace(/^([a-z0-9]+)\/(\d+)$/, `$1-${fieldSpecs[index]!.max}/$2`))
    .join(',');

/**
 * Reads a 5-field cron expression, naming the real problem when it can't be used. node-cron expands
 * the fields; Align checks only what node-cron would not say in the member's words.
 */
export function parseCron(expression: string): Result<CronFields, RemindersError> {
  const parts = expression.trim().toLowerCase().split(/\s+/);
  const badCron = err<RemindersError>({ code: 'schedule.bad_cron', cron: expression });
  if (parts.length !== 5) return badCron;
  const fields: Set<number>[] = [];
  const texts = parts.map((part, index) => withStepsFromStart(index, part));
  for (const [index, part] of parts.entries()) {
    const problem = fieldProblem(index, part);
    if (problem) return err(problem);
    const values = expandField(index, texts[index]!);
    if (!values) return badCron;
    fields.push(new Set(index === 4 ? values.map((day) => day % 7) : values));
  }
  const [minutes, hours, daysOfMonth, months, daysOfWeek] = fields as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  const [, , days, monthsText] = texts as [string, string, string, string, string];
  const domRestricted = !parts[2]!.startsWith('*');
  const dowRestricted = !parts[4]!.startsWith('*');
  const eitherDay = domRestricted && dowRestricted;
  // node-cron knows which days no month has; its check ignores the day of the week, which is why it
  // is asked only when the day of the week is open.
  if (domRestricted && !eitherDay && !validate(`0 0 ${days} ${monthsText} *`)) {
    return err<RemindersError>({
      code: 'schedule.no_such_day',
      months: [...months].sort((a, b) => a - b).map((m) => monthTitles[m - 1]!),
      days: eitherOf([...daysOfMonth].sort((a, b) => a - b).map(ordinal)),
    });
  }
  const times = [...hours]
    .flatMap((hour) => [...minutes].map((minute) => hour * 60 + minute))
    .sort((a, b) => a - b);
  return ok({ times, daysOfMonth, months, daysOfWeek, eitherDay });
}

const minuteOfDay = (text: string) => {
  const [h, m] = text.split(':').map(Number);
  return h! * 60 + m!;
};
const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The stored text of an interval: from an instant, or within a daily window (minutes of the day). */
export const intervalExpression = (
  everyMinutes: number,
  start: { anchor: Date } | { from: number; to: number },
) =>
  'anchor' in start
    ? `every ${everyMinutes}m from ${start.anchor.toISOString()}`
    : `every ${everyMinutes}m from ${clock(start.from)} to ${clock(start.to)}`;

/** Reads a stored schedule; the member's mistakes in a cron expression come back as errors. */
export function parseSchedule(expression: string): Result<Schedule, RemindersError> {
  const every = /^every (\d+)m /.exec(expression);
  const everyMinutes = Number(every?.[1]);
  if (every && (everyMinutes < intervalLimits.minMinutes || everyMinutes > intervalLimits.maxMinutes)) {
    return err<RemindersError>({ code: 'schedule.bad_interval' });
  }
  const anchored = /^every (\d+)m from (\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/.exec(expression);
  if (anchored) {
    return ok({ kind: 'interval', everyMinutes: Number(anchored[1]), anchor: new Date(anchored[2]!) });
  }
  const window = /^every (\d+)m from (\d{2}:\d{2}) to (\d{2}:\d{2})$/.exec(expression);
  if (window) {
    if (minuteOfDay(window[2]!) >= minuteOfDay(window[3]!))
      return err<RemindersError>({ code: 'schedule.bad_window' });
    return ok({
      kind: 'window',
      everyMinutes: Number(window[1]),
      from: minuteOfDay(window[2]!),
      to: minuteOfDay(window[3]!),
    });
  }
  const cron = parseCron(expression);
  return cron.ok ? ok({ kind: 'cron', cron: cron.value }) : cron;
}

/** A zone by name; an unknown one is a bug, since zones are checked when a member sets them. */
function zoneOf(name: string): IANAZone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new Error(`Unknown time zone ${name}`);
  return zone;
}

/** The local date and time an instant shows in the zone, as a UTC DateTime (plain calendar fields). */
const wallClock = (instant: number, zone: IANAZone) =>
  DateTime.fromMillis(instant, { zone }).setZone('utc', { keepLocalTime: true });

/**
 * A calendar date as its midnight in UTC (where every day is 24 hours, so the next date is a day
 * later): plain calendar arithmetic, as core/days.ts does, with no zone in it.
 */
type CalendarDate = number;
const calendarFields = (date: CalendarDate) => {
  const d = new Date(date);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
  };
};

/**
 * What Luxon says of a local date in a zone: the offsets (minutes) a day before it begins and a day
 * after it ends, and, when they are the same (nearly every date: the clock doesn't change that day),
 * the instant of its midnight, from which its local times are plain elapsed minutes.
 */
interface DateInZone {
  readonly before: number;
  readonly after: number;
  readonly midnight?: number;
}

/**
 * Kept per zone and date: planning asks about the same dates thousands of times and each answer from
 * Luxon costs microseconds. What is kept is a fact of the zone's rules (an offset at an instant, and
 * the one instant a local time has on a date without a change), never a choice made by the rule
 * below, and never anything of the host's clock.
 */
const datesInZones = new Map<string, Map<CalendarDate, DateInZone>>();
function dateInZone(zone: IANAZone, date: CalendarDate): DateInZone {
  let dates = datesInZones.get(zone.name);
  if (!dates) datesInZones.set(zone.name, (dates = new Map()));
  let known = dates.get(date);
  if (!known) {
    if (dates.size >= 20_000) dates.clear();
    // The date's midnight read as UTC is within 14 hours of the real one; a day either side is clear of
    // the date (one change at most in between, as Luxon's getPossibleOffsets assumes too).
    const before = zone.offset(date - dayMs);
    const after = zone.offset(date + 2 * dayMs);
    known = before === after ? { before, after, midnight: atOffset(date, 0, before) } : { before, after };
    dates.set(date, known);
  }
  return known;
}

/** The instant a local date and time would be at a given offset, from Luxon. */
function atOffset(date: CalendarDate, minutes: number, offset: number): number {
  const { year, month, day } = calendarFields(date);
  const local = { year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60 };
  return DateTime.fromObject(local, { zone: FixedOffsetZone.instance(offset) }).toMillis();
}

/**
 * The instant a local time (minutes of the day) on a date names in the zone, by rule and never by
 * today's date (Luxon's own `fromObject` starts from the host's current offset, so a repeated time
 * would depend on the season the host is in). On a date with a change, the candidates are the date
 * and time at the offset before and at the offset after it, each made by Luxon; a candidate is real
 * when the zone has that offset at that instant. A time that happens twice (autumn) is its first
 * occurrence; one the clock skips (spring) has no real candidate and is taken at the offset from
 * before the jump, which shifts it by the gap (02:30 becomes 03:30), as RFC 5545 resolves it.
 */
function instantOf(zone: IANAZone, date: CalendarDate, minutes: number): number {
  const { before, after, midnight } = dateInZone(zone, date);
  if (midnight !== undefined) return midnight + minutes * minuteMs;
  const candidates = [atOffset(date, minutes, before), atOffset(date, minutes, after)];
  const real = candidates.filter((instant, i) => zone.offset(instant) === [before, after][i]);
  return real.length > 0 ? Math.min(...real) : candidates[0]!;
}

function cronDayMatches(cron: CronFields, date: CalendarDate): boolean {
  const { month, day, weekday } = calendarFields(date);
  if (!cron.months.has(month)) return false;
  const dom = cron.daysOfMonth.has(day);
  const dow = cron.daysOfWeek.has(weekday);
  return cron.eitherDay ? dom || dow : dom && dow;
}

/** The instants a schedule fires at on one local date, ascending, without repeats. */
function firesOnDay(schedule: Schedule, zone: IANAZone, date: CalendarDate): number[] {
  if (schedule.kind === 'window') {
    // Within the window, elapsed time: a change of the clock inside it moves the later local times.
    const start = instantOf(zone, date, schedule.from);
    const end = instantOf(zone, date, schedule.to);
    const fires: number[] = [];
    for (let at = start; at <= end; at += schedule.everyMinutes * minuteMs) fires.push(at);
    return fires;
  }
  if (schedule.kind !== 'cron' || !cronDayMatches(schedule.cron, date)) return [];
  const fires = schedule.cron.times.map((t) => instantOf(zone, date, t)).sort((a, b) => a - b);
  return fires.filter((at, i) => i === 0 || at !== fires[i - 1]);
}

/** How far ahead a schedule is looked at for its next fire: a 29 February in a leap year is found. */
const lookAheadDays = 366 * 8;

/**
 * Every fire strictly after `after`, in order, while `until` (an instant) is not passed. Interval
 * schedules are elapsed time and need no zone; the others are walked one local day at a time.
 */
function* firesAfter(schedule: Schedule, zoneName: string, after: number, until: number) {
  if (schedule.kind === 'interval') {
    const every = schedule.everyMinutes * minuteMs;
    const anchor = schedule.anchor.getTime();
    let at = anchor + every * Math.max(1, Math.floor((after - anchor) / every) + 1);
    for (; at <= until; at += every) yield at;
    return;
  }
  const zone = zoneOf(zoneName);
  // From two dates before the instant's date in UTC: its local date is at most one earlier (no zone is
  // a day behind UTC), and a time skipped late on the date before that may land on it.
  let last = after;
  for (let date = Math.floor(after / dayMs) * dayMs - 2 * dayMs; date - 2 * dayMs <= until; date += dayMs) {
    for (const at of firesOnDay(schedule, zone, date)) {
      if (at <= last) continue;
      if (at > until) return;
      last = at;
      yield at;
    }
  }
}

/** Stored schedules read so far: the dispatcher plans the same few texts over and over. */
const readSchedules = new Map<string, Schedule>();

/** Reads a stored schedule that must be readable: one that isn't is a bug or damaged data. */
function storedSchedule(expression: string): Schedule {
  const known = readSchedules.get(expression);
  if (known) return known;
  const schedule = parseSchedule(expression);
  if (!schedule.ok)
    throw new Error(`Unreadable schedule ${JSON.stringify(expression)}: ${schedule.error.code}`);
  if (readSchedules.size >= 10_000) readSchedules.clear();
  readSchedules.set(expression, schedule.value);
  return schedule.value;
}

/**
 * The next `count` instants after `after` at which the schedule fires in `zone`. Depends on nothing
 * but its arguments (never on the host's clock), so every process and every season agrees.
 */
export function nextFireTimes(expression: string, zone: string, after: Date, count: number): Date[] {
  const fires: Date[] = [];
  if (count <= 0) return fires;
  const start = after.getTime();
  for (const at of firesAfter(storedSchedule(expression), zone, start, start + lookAheadDays * dayMs)) {
    fires.push(new Date(at));
    if (fires.length >= count) break;
  }
  return fires;
}

/**
 * The first place within a year of `from` where two fires in a row come closer than `minMinutes`,
 * counted in real elapsed time and across every change of the zone's clock; undefined when none do.
 */
export function firstGapUnder(
  expression: string,
  zone: string,
  from: Date,
  minMinutes: number,
): { gapMinutes: number; at: Date } | undefined {
  const schedule = storedSchedule(expression);
  if (schedule.kind === 'interval') {
    return schedule.everyMinutes < minMinutes
      ? {
          gapMinutes: schedule.everyMinutes,
          at: new Date(schedule.anchor.getTime() + schedule.everyMinutes * minuteMs),
        }
      : undefined;
  }
  const start = from.getTime();
  let previous: number | undefined;
  for (const at of firesAfter(schedule, zone, start, start + 366 * dayMs)) {
    if (previous !== undefined && at - previous < minMinutes * minuteMs) {
      return { gapMinutes: Math.round((at - previous) / minuteMs), at: new Date(at) };
    }
    previous = at;
  }
  return undefined;
}

/**
 * The next fire after a change of zone that keeps the schedule's local times: the first one after `now`
 * whose wall-clock time in the new zone is not before the wall-clock time the pending fire had in the
 * old zone. So a fire already made in the old zone is never made again for the same local day and
 * time (moving west after a post), and an interval in elapsed time simply carries on.
 */
export function nextFireInNewZone(
  expression: string,
  change: { from: string; to: string; pending: Date; now: Date },
): Date | undefined {
  const schedule = storedSchedule(expression);
  if (schedule.kind === 'interval') {
    return change.pending > change.now
      ? change.pending
      : nextFireTimes(expression, change.to, change.now, 1)[0];
  }
  const wallBefore = wallClock(change.pending.getTime(), zoneOf(change.from));
  const zone = zoneOf(change.to);
  const start = change.now.getTime();
  for (const at of firesAfter(schedule, change.to, start, start + lookAheadDays * dayMs)) {
    if (wallClock(at, zone) >= wallBefore) return new Date(at);
  }
  return undefined;
}

/** `09:00` → hour and minute; undefined when it is not a time of day. */
export function parseClockTime(text: string): { hour: number; minute: number } | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

/** A local wall-clock time, for words such as "counted from 06:45". */
export const clockTime = clock;
