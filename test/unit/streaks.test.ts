import { describe, expect, it } from 'vitest';
import { localDay } from '../../src/core/days.js';
import { countStreaks } from '../../src/core/streaks.js';

describe('countStreaks', () => {
  it('is zero with no logs', () => {
    expect(countStreaks([], '2026-11-28')).toEqual({ current: 0, best: 0 });
  });

  it('counts today once logged', () => {
    expect(countStreaks(['2026-11-26', '2026-11-27', '2026-11-28'], '2026-11-28')).toEqual({
      current: 3,
      best: 3,
    });
  });

  it('does not break until today is over', () => {
    expect(countStreaks(['2026-11-26', '2026-11-27'], '2026-11-28')).toEqual({ current: 2, best: 2 });
  });

  it('breaks after a whole missed day but keeps the best', () => {
    const days = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-26'];
    expect(countStreaks(days, '2026-11-28')).toEqual({ current: 0, best: 4 });
    expect(countStreaks(days, '2026-11-27')).toEqual({ current: 1, best: 4 });
  });

  it('runs across month, year and week boundaries', () => {
    const days = ['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02'];
    expect(countStreaks(days, '2027-01-02')).toEqual({ current: 4, best: 4 });
  });

  it('ignores days in the future of the member’s today', () => {
    expect(countStreaks(['2026-11-27', '2026-11-29'], '2026-11-28')).toEqual({ current: 1, best: 1 });
  });

  it('depends on the member’s time zone, through their local days', () => {
    // Logs at 23:30 UTC each evening: the same days in London, the following days in Tokyo.
    const instants = ['2026-11-25T23:30:00Z', '2026-11-26T23:30:00Z', '2026-11-27T23:30:00Z'].map(
      (s) => new Date(s),
    );
    const now = new Date('2026-11-28T23:45:00Z');
    const inZone = (zone: string) =>
      countStreaks(
        instants.map((i) => localDay(i, zone)),
        localDay(now, zone),
      );
    expect(inZone('Europe/London')).toEqual({ current: 3, best: 3 });
    expect(inZone('Asia/Tokyo')).toEqual({ current: 3, best: 3 });
    // In Los Angeles those are afternoons of 25th–27th, and it is now the 28th: still alive.
    expect(inZone('America/Los_Angeles')).toEqual({ current: 3, best: 3 });
  });

  it('counts a streak through a daylight-saving change as one day each', () => {
    // Evening logs at 21:30 local in Berlin around the spring-forward night of 2026-03-29.
    const instants = [
      '2026-03-27T20:30:00Z',
      '2026-03-28T20:30:00Z',
      '2026-03-29T19:30:00Z',
      '2026-03-30T19:30:00Z',
    ];
    const days = instants.map((i) => localDay(new Date(i), 'Europe/Berlin'));
    expect(days).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30']);
    expect(countStreaks(days, '2026-03-30')).toEqual({ current: 4, best: 4 });
  });
});
