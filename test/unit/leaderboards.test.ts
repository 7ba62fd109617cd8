import { describe, expect, it } from 'vitest';
import { rankBoard, rankTotals } from '../../src/core/leaderboard.js';
import { currentStreakOf, streakRecord } from '../../src/core/streaks.js';

const entry = (userId: string, activeDays: number, currentStreak: number, points: number) => ({
  userId,
  activeDays,
  currentStreak,
  points,
});

describe('rankBoard', () => {
  it('ranks by active days, then current streak, then points', () => {
    const ranked = rankBoard([
      entry('a', 5, 2, 900),
      entry('b', 6, 1, 10),
      entry('c', 5, 9, 100),
      entry('d', 5, 2, 1000),
    ]);
    expect(ranked.map((r) => [r.rank, r.entry.userId])).toEqual([
      [1, 'b'],
      [2, 'c'],
      [3, 'd'],
      [4, 'a'],
    ]);
  });

  it('gives members level on all three the same rank, and skips the next ones', () => {
    const ranked = rankBoard([
      entry('z', 3, 3, 50),
      entry('y', 3, 3, 50),
      entry('x', 7, 7, 10),
      entry('w', 1, 1, 1),
    ]);
    expect(ranked.map((r) => [r.rank, r.entry.userId])).toEqual([
      [1, 'x'],
      [2, 'y'],
      [2, 'z'],
      [4, 'w'],
    ]);
  });

  it('ranks exercise totals with shared ranks', () => {
    const ranked = rankTotals([
      { userId: 'a', total: 30 },
      { userId: 'b', total: 40 },
      { userId: 'c', total: 30 },
    ]);
    expect(ranked.map((r) => [r.rank, r.entry.userId])).toEqual([
      [1, 'b'],
      [2, 'a'],
      [2, 'c'],
    ]);
  });
});

describe('streak records for boards', () => {
  it('keeps the latest run and the best one with its last day', () => {
    const record = streakRecord(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-10', '2026-11-11']);
    expect(record).toEqual({ run: 2, lastDay: '2026-11-11', best: 3, bestDay: '2026-11-03' });
  });

  it('reads as a current streak only while alive', () => {
    const record = streakRecord(['2026-11-26', '2026-11-27']);
    expect(currentStreakOf(record, '2026-11-27')).toBe(2);
    expect(currentStreakOf(record, '2026-11-28')).toBe(2);
    expect(currentStreakOf(record, '2026-11-29')).toBe(0);
    expect(currentStreakOf(streakRecord([]), '2026-11-29')).toBe(0);
  });

  it('runs across a week boundary (Sunday into Monday)', () => {
    const record = streakRecord(['2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24']);
    expect(record.run).toBe(4);
    expect(currentStreakOf(record, '2026-11-25')).toBe(4);
  });
});
