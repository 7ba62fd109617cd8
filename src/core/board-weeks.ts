import { DateTime } from 'luxon';
import { nextFireTimes } from './cron.js';
import { addDays, localDay, weekStart, type LocalDay } from './days.js';

/**
 * The Monday of the week a weekly board posted at `postedAt` covers: the Monday-to-Sunday week before
 * the post's local day, so a Monday post covers the week just ended and a Sunday evening post its own.
 * With the server, this is the board's identity: one post per server-week.
 */
export function weekCoveredBy(postedAt: Date, zone: string): LocalDay {
  return weekStart(addDays(localDay(postedAt, zone), -1));
}

/** Midnight at the end of the local Monday-to-Sunday week `instant` falls in: a missed board waits until then. */
export function endOfLocalWeek(instant: Date, zone: string): Date {
  return DateTime.fromJSDate(instant, { zone }).startOf('week').plus({ weeks: 1 }).toJSDate();
}

/** Midnight at the start of that local week. */
export function startOfLocalWeek(instant: Date, zone: string): Date {
  return DateTime.fromJSDate(instant, { zone }).startOf('week').toJSDate();
}

/**
 * The weekly board's time in the local week now running, when it has already come: after a change of
 * zone it may lie behind the bot, and that week's board is still due.
 */
export function boardTimeThisWeek(cron: string, zone: string, now: Date): Date | undefined {
  const weekBegan = startOfLocalWeek(now, zone);
  return nextFireTimes(cron, zone, new Date(weekBegan.getTime() - 1), 8)
    .filter((at) => at <= now)
    .at(-1);
}
