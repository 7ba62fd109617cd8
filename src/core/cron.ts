import { DateTime } from 'luxon';
import { parse, validate } from 'node-cron';

/** node-cron validates and expands the expression; only 5-field expressions (no seconds) are used here. */
export function isValidCron(expression: string): boolean {
  return expression.trim().split(/\s+/).length === 5 && validate(expression);
}

const numbers = (values: readonly (number | string)[]) =>
  values.filter((value): value is number => typeof value === 'number');

/**
 * The next `count` instants after `after` at which the cron expression fires in `zone`.
 * Wall-clock times are resolved by Luxon: a time the clock skips (spring forward) fires right after
 * the jump, shifted by the gap as RFC 5545 and Temporal do; a time that happens twice (fall back) fires
 * once. node-cron's own scheduler would skip the first case, which is why it only parses here.
 */
export function nextFireTimes(expression: string, zone: string, after: Date, count: number): Date[] {
  const fields = parse(expression);
  const [, , dayOfMonthText, , dayOfWeekText] = expression.trim().split(/\s+/);
  const months = new Set(numbers(fields.month));
  const daysOfMonth = new Set(numbers(fields.dayOfMonth));
  const daysOfWeek = new Set(numbers(fields.dayOfWeek).map((d) => d % 7));
  const hours = numbers(fields.hour);
  const minutes = numbers(fields.minute);
  // Classic cron: when both day fields are restricted, either one matching is enough.
  const bothDayFieldsRestricted = dayOfMonthText !== '*' && dayOfWeekText !== '*';

  const fires: number[] = [];
  const start = after.getTime();
  let day = DateTime.fromJSDate(after, { zone }).startOf('day');
  for (let scanned = 0; fires.length < count && scanned < 366 * 8; scanned++, day = day.plus({ days: 1 })) {
    if (!months.has(day.month)) continue;
    const domMatch = daysOfMonth.has(day.day);
    const dowMatch = daysOfWeek.has(day.weekday % 7);
    if (bothDayFieldsRestricted ? !(domMatch || dowMatch) : !(domMatch && dowMatch)) continue;
    const today = new Set<number>();
    for (const hour of hours) {
      for (const minute of minutes) {
        const at = DateTime.fromObject(
          { year: day.year, month: day.month, day: day.day, hour, minute },
          { zone },
        );
        if (at.toMillis() > start) today.add(at.toMillis());
      }
    }
    fires.push(...[...today].filter((t) => t > (fires.at(-1) ?? -Infinity)).sort((a, b) => a - b));
  }
  return fires.slice(0, count).map((t) => new Date(t));
}

/** The shortest gap between consecutive fires over the next week or so, in minutes. */
export function shortestGapMinutes(expression: string, zone: string, from: Date): number {
  const fires = nextFireTimes(expression, zone, from, 200);
  let gap = Infinity;
  for (let i = 1; i < fires.length; i++)
    gap = Math.min(gap, (fires[i]!.getTime() - fires[i - 1]!.getTime()) / 60_000);
  return gap;
}

/** `09:00` → hour and minute; undefined when it is not a time of day. */
export function parseClockTime(text: string): { hour: number; minute: number } | undefined {
  const time = DateTime.fromFormat(text.trim(), 'H:mm');
  return time.isValid ? { hour: time.hour, minute: time.minute } : undefined;
}
