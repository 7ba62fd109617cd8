import { DateTime, IANAZone } from 'luxon';
import type { LoggingError } from './logging.errors.js';
import { err, ok, type Result } from './result.js';

/** A calendar day in a member's time zone, as `YYYY-MM-DD`. */
export type LocalDay = string;

export const backfillDays = 7;

/**
 * ICU (and so Intl) still names these places by their old spellings; IANA renamed them, and a member
 * who types the current name should see it back. Names only, no offsets: each new name is a link ICU
 * knows, checked at load.
 */
const renamedZones: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** Every zone name a member may pick, in current spellings, with UTC (which ICU leaves off its list). */
const zoneNames: readonly string[] = (() => {
  const names = Intl.supportedValuesOf('timeZone').map((zone) => renamedZones[zone] ?? zone);
  const current = names.filter((zone) => IANAZone.isValidZone(zone));
  return [...new Set([...current, ...Object.keys(renamedZones), 'UTC'])].sort();
})();
const zoneByLowerName = new Map(zoneNames.map((zone) => [zone.toLowerCase(), zone]));

/**
 * The IANA name for what a member typed (`europe/berlin` → `Europe/Berlin`), or undefined if unknown.
 * The member's own valid spelling is kept (`Asia/Kolkata` stays, `Asia/Calcutta` too); other links take
 * ICU's name (`US/Eastern` → `America/New_York`). Only Area/Location names and UTC: ICU also takes
 * abbreviations, but quietly maps `EST` to Panama and `IST` to Kolkata, zones without the daylight
 * saving a member who types them usually has.
 */
export function canonicalTimeZone(zone: string): string | undefined {
  if (!zone.includes('/') && zone.toUpperCase() !== 'UTC') return undefined;
  if (!IANAZone.isValidZone(zone)) return undefined;
  const known = zoneByLowerName.get(zone.toLowerCase());
  if (known) return known;
  const resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  return renamedZones[resolved] ?? resolved;
}

/**
 * What a fixed offset typed as `UTC+2` or `GMT-5:00` would be as a zone, `Etc/GMT-2` (POSIX signs are
 * inverted: `Etc/GMT-2` is two hours ahead of UTC); undefined when it is not such an offset.
 */
export function fixedOffsetZone(typed: string): string | undefined {
  const match = /^(?:utc|gmt)\s*([+-−])\s*(\d{1,2})(?::?00)?$/i.exec(typed.trim());
  if (!match) return undefined;
  const hours = Number(match[2]);
  if (hours === 0) return 'UTC';
  const zone = `Etc/GMT${match[1] === '+' ? '-' : '+'}${hours}`;
  return IANAZone.isValidZone(zone) ? zone : undefined;
}

/**
 * For an `Etc/GMT±N` zone, the offset it means in the usual sign (`Etc/GMT+12` → `UTC−12`), from
 * Luxon's reading of the zone; undefined for every other zone.
 */
export function etcOffsetMeaning(zone: string): string | undefined {
  if (!/^Etc\/GMT[+-]\d+$/i.test(zone)) return undefined;
  return `UTC${DateTime.now().setZone(zone).toFormat('ZZ').replace(/^-/, '−').replace(/:00$/, '')}`;
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
  const zones = zoneNames;
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
