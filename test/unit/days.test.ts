import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  canonicalTimeZone,
  localDay,
  parseLogDay,
  suggestTimeZones,
  weekStart,
} from '../../src/core/days.js';

const today = '2026-11-28'; // a Saturday
const day = (input: string) => {
  const result = parseLogDay(input, today);
  return result.ok ? result.value : result.error.code;
};

describe('localDay', () => {
  it('puts one instant on different days in different zones', () => {
    const instant = new Date('2026-11-28T02:30:00Z');
    expect(localDay(instant, 'UTC')).toBe('2026-11-28');
    expect(localDay(instant, 'America/New_York')).toBe('2026-11-27');
    expect(localDay(instant, 'Asia/Tokyo')).toBe('2026-11-28');
    expect(localDay(new Date('2026-11-28T15:30:00Z'), 'Pacific/Kiritimati')).toBe('2026-11-29');
  });

  it('handles the day of a daylight-saving change', () => {
    // Europe/Berlin springs forward at 01:00 UTC on 2026-03-29: 23:30 UTC is already the next day.
    expect(localDay(new Date('2026-03-29T21:59:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDay(new Date('2026-03-29T22:00:00Z'), 'Europe/Berlin')).toBe('2026-03-30');
    // New York falls back on 2026-11-01: 04:30 UTC is 23:30 the day before, 05:30 UTC is 00:30 EST.
    expect(localDay(new Date('2026-11-01T03:30:00Z'), 'America/New_York')).toBe('2026-10-31');
    expect(localDay(new Date('2026-11-02T04:30:00Z'), 'America/New_York')).toBe('2026-11-01');
    expect(localDay(new Date('2026-11-02T05:30:00Z'), 'America/New_York')).toBe('2026-11-02');
  });
});

describe('parseLogDay', () => {
  it.each([
    ['', today],
    ['today', today],
    ['Yesterday', '2026-11-27'],
    ['3 days ago', '2026-11-25'],
    ['-2', '2026-11-26'],
    ['2', '2026-11-26'],
    ['monday', '2026-11-23'],
    ['sat', '2026-11-28'],
    ['fri', '2026-11-27'],
    ['2026-11-21', '2026-11-21'],
  ])('reads %j as %s', (input, expected) => {
    expect(day(input)).toBe(expected);
  });

  it.each([
    ['tomorrow', 'day.unreadable'],
    ['2026-11-29', 'day.future'],
    ['8 days ago', 'day.too_old'],
    ['2026-02-30', 'day.unreadable'],
    ['mo', 'day.unreadable'],
  ])('rejects %j with %s', (input, code) => {
    expect(day(input)).toBe(code);
  });
});

describe('calendar helpers', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('starts weeks on Monday', () => {
    expect(weekStart('2026-11-28')).toBe('2026-11-23');
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
    expect(weekStart('2026-11-22')).toBe('2026-11-16');
  });

  it('agrees with Luxon’s calendar on every day of three years, leap day included', () => {
    for (let n = 0; n < 3 * 366; n++) {
      const date = DateTime.fromISO('2027-01-01', { zone: 'UTC' }).plus({ days: n });
      const iso = date.toISODate()!;
      expect(weekStart(iso)).toBe(date.startOf('week').toISODate());
      expect(addDays(iso, 40)).toBe(date.plus({ days: 40 }).toISODate());
      expect(addDays(iso, -400)).toBe(date.minus({ days: 400 }).toISODate());
    }
  });
});

describe('time zones', () => {
  it('canonicalises known zones and refuses unknown ones', () => {
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('Mars/Olympus')).toBeUndefined();
    expect(canonicalTimeZone('')).toBeUndefined();
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('US/Eastern')).toBe('America/New_York');
  });

  it('refuses abbreviations, which would quietly lose daylight saving', () => {
    for (const abbreviation of ['est', 'EST', 'ist', 'PST', 'EST5EDT', 'CET']) {
      expect(canonicalTimeZone(abbreviation), abbreviation).toBeUndefined();
    }
  });

  it('suggests zones by region or city', () => {
    expect(suggestTimeZones('Europe/Ber')).toContain('Europe/Berlin');
    expect(suggestTimeZones('new york')[0]).toBe('America/New_York');
    expect(suggestTimeZones('').length).toBe(25);
  });
});
