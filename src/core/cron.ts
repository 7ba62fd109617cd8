import { DateTime, IANAZone } from 'luxon';
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

const fieldSpecs = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;
const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const monthTitles = monthNames.map((m) =>
  DateTime.utc(2000, monthNames.indexOf(m) + 1, 1, { locale: 'en' }).toFormat('LLLL'),
);
/** The most days each month can have (February in a leap year). */
const monthLengths = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;
/** "31st", "30th or 31st", "29th, 30th or 31st". */
const eitherOf = (words: string[]) =>
  words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)!}` : words[0]!;

/** One cron field's values, or the member's mistake in it. */
function parseField(text: string, index: number, cron: string): Result<Set<number>, RemindersError> {
  const spec = fieldSpecs[index]!;
  const names = index === 3 ? monthNames : index === 4 ? dayNames : undefined;
  const value = (word: string): number | RemindersError => {
    if (/^\d+$/.test(word)) {
      const n = Number(word);
      if (n < spec.min || n > spec.max)
        return { code: 'schedule.out_of_range', field: spec.name, value: n, min: spec.min, max: spec.max };
      return n;
    }
    const named = names?.indexOf(word) ?? -1;
    if (named >= 0) return named + (index === 3 ? 1 : 0);
    return { code: 'schedule.bad_cron', cron };
  };
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const unsupported = /[lw#?]/.exec(part.replace(/[a-z]{3}/g, (w) => (names?.includes(w) ? '' : w)));
    if (unsupported) {
      return err<RemindersError>({ code: 'schedule.unsupported', symbol: unsupported[0].toUpperCase() });
    }
    const match = /^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
    if (!match) return err<RemindersError>({ code: 'schedule.bad_cron', cron });
    const step = match[2] === undefined ? 1 : Number(match[2]);
    if (step < 1) return err<RemindersError>({ code: 'schedule.bad_step' });
    let from: number = spec.min;
    let to: number = spec.max;
    if (match[1] !== '*') {
      const [a, b] = match[1]!.split('-');
      const first = value(a!);
      if (typeof first !== 'number') return err(first);
      from = first;
      // `5/15` is `5-59/15`, as in Vixie cron; a plain `5` is just 5.
      to = first;
      if (b !== undefined) {
        const last = value(b);
        if (typeof last !== 'number') return err(last);
        if (last < first) return err<RemindersError>({ code: 'schedule.backwards_range', range: match[1]! });
        to = last;
      } else if (match[2] !== undefined) {
        to = spec.max;
      }
    }
    for (let n = from; n <= to; n += step) values.add(index === 4 ? n % 7 : n);
  }
  return ok(values);
}

/** Reads a 5-field cron expression, naming the real problem when it can't be used. */
export function parseCron(expression: string): Result<CronFields, RemindersError> {
  const text = expression.trim().toLowerCase();
  const parts = text.split(/\s+/);
  if (parts.length !== 5) return err<RemindersError>({ code: 'schedule.bad_cron', cron: expression });
  const fields: Set<number>[] = [];
  for (const [index, part] of parts.entries()) {
    const field = parseField(part, index, expression);
    if (!field.ok) return field;
    fields.push(field.value);
  }
  const [minutes, hours, daysOfMonth, months, daysOfWeek] = fields as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  const domRestricted = !parts[2]!.startsWith('*');
  const dowRestricted = !parts[4]!.startsWith('*');
  const eitherDay = domRestricted && dowRestricted;
  if (domRestricted && !eitherDay) {
    const exists = [...months].some((month) => [...daysOfMonth].some((d) => d <= monthLengths[month - 1]!));
    if (!exists) {
      return err<RemindersError>({
        code: 'schedule.no_such_day',
        months: [...months].sort((a, b) => a - b).map((m) => monthTitles[m - 1]!),
        days: eitherOf([...daysOfMonth].sort((a, b) => a - b).map(ordinal)),
      });
    }
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

/**
 * A zone's offsets, kept as the instants they start at, in chunks of 64 days found once from ICU (by
 * sampling once a day and narrowing each change to its minute): planning fires asks for offsets
 * thousands of times, and ICU's answer costs microseconds each time.
 */
interface ZoneRules {
  readonly zone: IANAZone;
  readonly chunks: Map<number, { starts: number[]; offsets: number[] }>;
}
const chunkMs = 64 * dayMs;
const sampleMs = dayMs;

function chunkOf(zone: IANAZone, start: number) {
  const offsetOf = (instant: number) => zone.offset(instant) * minuteMs;
  const starts = [start];
  const offsets = [offsetOf(start)];
  for (let a = start; a < start + chunkMs; a += sampleMs) {
    const b = a + sampleMs;
    const offset = offsetOf(b);
    if (offset === offsets.at(-1)) continue;
    let [lo, hi] = [a, b];
    while (hi - lo > minuteMs) {
      const mid = lo + Math.floor((hi - lo) / minuteMs / 2) * minuteMs;
      if (offsetOf(mid) === offsets.at(-1)) lo = mid;
      else hi = mid;
    }
    if (hi < start + chunkMs) {
      starts.push(hi);
      offsets.push(offset);
    }
  }
  return { starts, offsets };
}

const zones = new Map<string, ZoneRules>();
function zoneOf(name: string): ZoneRules {
  let rules = zones.get(name);
  if (!rules) {
    const zone = IANAZone.create(name);
    if (!zone.isValid) throw new Error(`Unknown time zone ${name}`);
    rules = { zone, chunks: new Map() };
    zones.set(name, rules);
  }
  return rules;
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(rules: ZoneRules, instant: number): number {
  const key = Math.floor(instant / chunkMs);
  let chunk = rules.chunks.get(key);
  if (!chunk) rules.chunks.set(key, (chunk = chunkOf(rules.zone, key * chunkMs)));
  let i = chunk.starts.length - 1;
  while (i > 0 && chunk.starts[i]! > instant) i--;
  return chunk.offsets[i]!;
}

/**
 * The instant a wall-clock time (given as milliseconds of a UTC calendar) names in the zone, decided
 * by the zone's rules alone, never by today's date: a time that happens twice (autumn) is its first
 * occurrence; a time the clock skips (spring) is shifted by the gap, 02:30 becoming 03:30, as RFC 5545
 * resolves it.
 */
export function instantOfWallTime(zone: ZoneRules, wall: number): number {
  const before = offsetAt(zone, wall - dayMs);
  const after = offsetAt(zone, wall + dayMs);
  let first: number | undefined;
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = wall - offset;
    if (offsetAt(zone, instant) === offset && (first === undefined || instant < first)) first = instant;
  }
  // Skipped: the instant that reads `wall` on the clock as it was before the jump.
  return first ?? wall - before;
}

/** The local calendar day (days since 1970-01-01) an instant falls on in the zone. */
const localDayNumber = (zone: ZoneRules, instant: number) =>
  Math.floor((instant + offsetAt(zone, instant)) / dayMs);

function cronDayMatches(cron: CronFields, day: number): boolean {
  const date = new Date(day * dayMs);
  if (!cron.months.has(date.getUTCMonth() + 1)) return false;
  const dom = cron.daysOfMonth.has(date.getUTCDate());
  const dow = cron.daysOfWeek.has(date.getUTCDay());
  return cron.eitherDay ? dom || dow : dom && dow;
}

/** The instants a schedule fires at on one local day, ascending, without repeats. */
function firesOnDay(schedule: Schedule, zone: ZoneRules, day: number): number[] {
  const midnight = day * dayMs;
  if (schedule.kind === 'window') {
    const start = instantOfWallTime(zone, midnight + schedule.from * minuteMs);
    const end = instantOfWallTime(zone, midnight + schedule.to * minuteMs);
    const fires: number[] = [];
    for (let at = start; at <= end; at += schedule.everyMinutes * minuteMs) fires.push(at);
    return fires;
  }
  if (schedule.kind !== 'cron' || !cronDayMatches(schedule.cron, day)) return [];
  const { times } = schedule.cron;
  const offset = offsetAt(zone, midnight - dayMs);
  // No change of offset anywhere near this day (nearly every day): one subtraction per time.
  if (offset === offsetAt(zone, midnight + 2 * dayMs)) {
    return times.map((t) => midnight + t * minuteMs - offset);
  }
  const fires = times.map((t) => instantOfWallTime(zone, midnight + t * minuteMs)).sort((a, b) => a - b);
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
  // From the day before: a time skipped late on one day may land on the next.
  let last = after;
  for (let day = localDayNumber(zone, after) - 1; day * dayMs - 2 * dayMs <= until; day++) {
    for (const at of firesOnDay(schedule, zone, day)) {
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
  const pending = change.pending.getTime();
  const wallBefore = pending + offsetAt(zoneOf(change.from), pending);
  const zone = zoneOf(change.to);
  const start = change.now.getTime();
  for (const at of firesAfter(schedule, change.to, start, start + lookAheadDays * dayMs)) {
    if (at + offsetAt(zone, at) >= wallBefore) return new Date(at);
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
