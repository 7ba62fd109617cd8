import { DateTime, IANAZone } from 'luxon';
import type { LoggingError } from './logging.errors.js';
import { err, ok, type Result } from './result.js';

/** A calendar day in a member's time zone, as `YYYY-MM-DD`. */
export type LocalDay = string;

export const backfillDays = 7;

/**
 * The IANA name for what a member typed (`europe/berlin` → `Europe/Berlin`), or undefined if unknown.
 * Only Area/Location names and UTC: ICU also takes abbreviations, but quietly maps `EST` to Panama and
 * `IST` to Kolkata, zones without the daylight saving a member who types them usually has.
 */
export function canonicalTimeZone(zone: string): string | undefined {
  if (!zone.includes('/') && zone.toUpperCase() !== 'UTC') return undefined;
  if (!IANAZone.isValidZone(zone)) return undefined;
  return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
}

export function localDay(instant: Date, zone: string): LocalDay {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

const dayMs = 24 * 60 * 60 * 1000;
/** Calendar dates as midnight UTC, where every day is 24 hours: plain arithmetic, on every /log's path. */
const isoDate = (ms: number): LocalDay => new Date(ms).toISOString().slice(0, 10);

export function addDays(day: LocalDay, days: number): LocalDay {
  return isoDate(Date.parse(day) + days * dayMs);
}

/**
 * Whole days from `from` to `to` (positive when `to` is later). A date alone parses as midnight UTC, where
 * every day is 24 hours long; streaks call this for every active day, so it avoids luxon's heavier diff.
 */
export function daysBetween(from: LocalDay, to: LocalDay): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / dayMs);
}

/** Weeks start on Monday, as ISO 8601 has them. */
export function weekStart(day: LocalDay): LocalDay {
  const ms = Date.parse(day);
  const sinceMonday = (new Date(ms).getUTCDay() + 6) % 7;
  return isoDate(ms - sinceMonday * dayMs);
}

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/**
 * Reads the day a member wants to back-fill: `today`, `yesterday`, `3 days ago`, a weekday name
 * (its most recent occurrence) or `2026-11-27`; never in the future, at most `backfillDays` back.
 */
export function parseLogDay(input: string, today: LocalDay): Result<LocalDay, LoggingError> {
  const text = input.trim().toLowerCase();
  const day = resolveDay(text, today);
  if (day === undefined) {
    return err<LoggingError>({ code: 'day.unreadable' });
  }
  const back = daysBetween(day, today);
  if (back < 0) return err<LoggingError>({ code: 'day.future' });
  if (back > backfillDays) {
    return err<LoggingError>({ code: 'day.too_old', day, daysAgo: back });
  }
  return ok(day);
}

function resolveDay(text: string, today: LocalDay): LocalDay | undefined {
  if (text === '' || text === 'today') return today;
  if (text === 'yesterday') return addDays(today, -1);
  const ago = /^(\d{1,3})\s*(?:days?\s*ago|d)?$/.exec(text) ?? /^-(\d{1,3})$/.exec(text);
  if (ago) return addDays(today, -Number(ago[1]));
  const weekday = weekdays.findIndex((name) => text.length >= 3 && name.startsWith(text));
  if (weekday >= 0) {
    const todayIndex = DateTime.fromISO(today, { zone: 'UTC' }).weekday - 1;
    return addDays(today, -((todayIndex - weekday + 7) % 7));
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const date = DateTime.fromISO(text, { zone: 'UTC' });
    return date.isValid ? date.toISODate()! : undefined;
  }
  return undefined;
}

/** Time zone names for autocomplete, best matches first. */
export function suggestTimeZones(query: string, limit = 25): string[] {
  const key = query.trim().toLowerCase().replace(/\s+/g, '_');
  const zones = Intl.supportedValuesOf('timeZone');
  if (key === '') return zones.slice(0, limit);
  const starts = zones.filter((z) => z.toLowerCase().startsWith(key));
  const cityStarts = zones.filter(
    (z) => !starts.includes(z) && (z.toLowerCase().split('/').pop() ?? '').startsWith(key),
  );
  const contains = zones.filter(
    (z) => !starts.includes(z) && !cityStarts.includes(z) && z.toLowerCase().includes(key),
  );
  return [...starts, ...cityStarts, ...contains].slice(0, limit);
}
