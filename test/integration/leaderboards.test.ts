import { describe, expect, it } from 'vitest';
import { rankBoard } from '../../src/core/leaderboard.js';
import { createLeaderboardRepository } from '../../src/services/leaderboard.repository.js';
import { useServiceTestbed } from '../support/service-testbed.js';

const guildId = '100000000000000001';
const ann = '200000000000000001';
const ben = '200000000000000002';
const cat = '200000000000000003';

// Sunday 2026-11-29, evening: the week of Monday 2026-11-23 is nearly over.
const t = useServiceTestbed('2026-11-29T20:00:00Z');

const log = async (userId: string, exercise: string, amount: string, day: string) => {
  const result = await t.services.exerciseLog.logExercise({ guildId, userId, exercise, amount, day });
  if (!result.ok) throw new Error(result.error.code);
};

async function aWeekOfLogs() {
  // Ann: 5 days, 3-day streak alive; Ben: 5 days, 5-day streak; Cat: 2 days but many push-ups.
  for (const day of ['2026-11-23', '2026-11-24', '2026-11-27', '2026-11-28', '2026-11-29'])
    await log(ann, 'situps', '20', day);
  t.clock.set('2026-11-29T20:00:00Z');
  for (const day of ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'])
    await log(ben, 'squats', '10', day);
  await log(cat, 'pushups', '200', '2026-11-28');
  await log(cat, 'pushups', '45', '2026-11-29');
}

describe('leaderboards', () => {
  it('ranks the week by active days, then current streak, then points', async () => {
    // Back-fills reach 7 days: log Ann's Monday first while it is still within reach.
    t.clock.set('2026-11-29T20:00:00Z');
    await aWeekOfLogs();
    const board = await t.services.leaderboards.board({ guildId, period: 'week' });
    expect(board.ok).toBe(true);
    if (!board.ok) return;
    expect(board.value.from).toBe('2026-11-23');
    expect(
      board.value.standings.map((s) => [s.rank, s.entry.userId, s.entry.activeDays, s.entry.currentStreak]),
    ).toEqual([
      [1, ben, 5, 5],
      [2, ann, 5, 3],
      [3, cat, 2, 2],
    ]);
    // Cat's 200 push-ups in one day score as the day's cap of 120.
    expect(board.value.standings[2]!.entry.points).toBe(120 * 2 + 45 * 2);
  });

  it('ranks one exercise by total', async () => {
    await aWeekOfLogs();
    const board = await t.services.leaderboards.board({ guildId, period: 'month', exercise: 'push-ups' });
    expect(board.ok && board.value.totals.map((t) => [t.entry.userId, t.entry.total])).toEqual([[cat, 245]]);
  });

  it('reports the week with best streaks, tiers, most improved and champions', async () => {
    await log(ann, 'situps', '5', '2026-11-22');
    await aWeekOfLogs();
    const report = await t.services.leaderboards.weeklyReport({
      guildId,
      postedAt: new Date('2026-11-30T09:00:00Z'),
    });
    expect(report.from).toBe('2026-11-23');
    expect(report.to).toBe('2026-11-29');
    expect(report.standings.map((s) => s.entry.userId)).toEqual([ben, ann, cat]);
    expect(report.newBestStreaks).toEqual(
      expect.arrayContaining([
        { userId: ben, days: 5 },
        { userId: ann, days: 3 },
      ]),
    );
    expect(report.tiers.map((t) => [t.userId, t.exercise.id, t.tier.name])).toEqual(
      expect.arrayContaining([
        [ann, 'situps', 'good'],
        [cat, 'pushups', 'best'],
      ]),
    );
    expect(report.mostImproved).toEqual({ userId: ann, gain: 100 - 5 });
    expect(report.champions.map((c) => [c.exercise.id, c.userId])).toEqual(
      expect.arrayContaining([
        ['pushups', cat],
        ['situps', ann],
        ['squats', ben],
      ]),
    );
  });

  it('keeps streak records in step with undo', async () => {
    await log(ben, 'squats', '10', '2026-11-28');
    await log(ben, 'squats', '10', '2026-11-29');
    await t.services.exerciseLog.undoLastLog({ guildId, userId: ben });
    const board = await t.services.leaderboards.board({ guildId, period: 'week' });
    expect(board.ok && board.value.standings[0]!.entry.currentStreak).toBe(1);
  });

  it('leaves out members who have left', async () => {
    await aWeekOfLogs();
    await t.services.leaderboards.markLeft(guildId, [ben]);
    const board = await t.services.leaderboards.board({ guildId, period: 'week' });
    expect(board.ok && board.value.standings.map((s) => s.entry.userId)).toEqual([ann, cat]);
  });

  it('counts each member’s days in their own time zone', async () => {
    await t.services.timeZones.setMemberTimeZone({ guildId, userId: cat, timeZone: 'Pacific/Auckland' });
    t.clock.set('2026-11-29T12:00:00Z');
    await log(cat, 'pushups', '20', 'today');
    const board = await t.services.leaderboards.board({ guildId, period: 'week' });
    // Already Monday 30 November in Auckland: the server's week (UTC) does not include it.
    expect(board.ok && board.value.standings).toEqual([]);
  });
});

describe('paged boards', () => {
  it('ranks in PostgreSQL exactly as core/leaderboard.ts ranks, page by page', async () => {
    const days = [
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ];
    for (let i = 0; i < 24; i++) {
      const userId = `3000000000000000${String(i).padStart(2, '0')}`;
      // Many ties on purpose: 4 patterns of days, 3 amounts.
      for (const day of days.filter((_, d) => (d + i) % (1 + (i % 4)) === 0)) {
        await t.services.exerciseLog.logExercise({
          guildId,
          userId,
          exercise: 'squats',
          amount: String(10 * (1 + (i % 3))),
          day,
        });
      }
    }
    const everyone = await createLeaderboardRepository({ db: t.database.db }).standings({
      guildId,
      period: 'week',
      start: '2026-11-23',
      at: t.clock.now(),
      serverZone: 'UTC',
    });
    const expected = rankBoard(everyone).map((r) => [r.rank, r.entry.userId]);
    const paged: (string | number)[][] = [];
    for (let page = 0; page < 3; page++) {
      const board = await t.services.leaderboards.board({ guildId, period: 'week', page });
      if (!board.ok) throw new Error(board.error.code);
      expect(board.value.size).toBe(24);
      paged.push(...board.value.standings.map((r) => [r.rank, r.entry.userId]));
    }
    expect(paged).toEqual(expected);
    expect(new Set(expected.map(([rank]) => rank)).size).toBeLessThan(24);
  });
});
