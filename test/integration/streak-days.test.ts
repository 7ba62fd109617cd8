import { describe, expect, it } from 'vitest';
import { useServiceTestbed } from '../support/service-testbed.js';

const guildId = '100000000000000001';
const pago = '200000000000000001';
const utc = '200000000000000002';

const t = useServiceTestbed('2026-12-03T09:00:00Z');

const log = async (userId: string, day: string, amount = '20') => {
  const result = await t.services.exerciseLog.logExercise({
    guildId,
    userId,
    exercise: 'pushups',
    amount,
    day,
  });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
};
const setZone = (userId: string, timeZone: string) =>
  t.services.timeZones.setMemberTimeZone({ guildId, userId, timeZone });
const meStreak = async (userId: string) =>
  (await t.services.memberStats.memberStats({ guildId, userId })).streaks;
const boardStreaks = async () => {
  const board = await t.services.leaderboards.board({ guildId, period: 'week' });
  if (!board.ok) throw new Error(board.error.code);
  return board.value.standings.map(({ rank, entry }) => [rank, entry.userId, entry.currentStreak]);
};

describe('one day for a streak', () => {
  it('judges each member’s streak by their own day on the board, ranking included, as /me does', async () => {
    // 09:00 UTC on Thursday 3 December is 22:00 on Wednesday 2 December in Pago Pago.
    await setZone(pago, 'Pacific/Pago_Pago');
    await log(pago, '2026-11-30');
    await log(pago, '2026-12-01');
    await log(utc, '2026-12-01', '40');
    await log(utc, '2026-12-03', '40');
    expect((await meStreak(pago)).current).toBe(2);
    expect((await meStreak(utc)).current).toBe(1);
    // Level on days active; Pago Pago's live streak of 2 ranks above a streak of 1 with more points.
    expect(await boardStreaks()).toEqual([
      [1, pago, 2],
      [2, utc, 1],
    ]);
  });

  it('the weekly post judges streaks by each member’s day at the time of posting', async () => {
    await setZone(pago, 'Pacific/Pago_Pago');
    await log(pago, '2026-12-01');
    await log(pago, '2026-12-02');
    // Posted Thursday 3 December 10:00 UTC: still Wednesday 2 December in Pago Pago.
    const report = await t.services.leaderboards.weeklyReport({
      guildId,
      postedAt: new Date('2026-12-03T10:00:00Z'),
    });
    expect(report.standings.map(({ entry }) => [entry.userId, entry.currentStreak])).toEqual([[pago, 2]]);
  });
});

describe('a change of zone never breaks a streak by itself', () => {
  it('keeps a streak of 5 when moving east across the date line, Pago Pago to Kiritimati', async () => {
    // 10:30 UTC on 6 December: 23:30 on the 5th in Pago Pago, 00:30 on the 7th in Kiritimati.
    t.clock.set('2026-12-06T10:30:00Z');
    await setZone(pago, 'Pacific/Pago_Pago');
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05'])
      await log(pago, day);
    expect((await meStreak(pago)).current).toBe(5);
    expect(await setZone(pago, 'Pacific/Kiritimati')).toEqual({ ok: true, value: 'Pacific/Kiritimati' });
    expect(await meStreak(pago)).toEqual({ current: 5, best: 5 });
    expect(await boardStreaks()).toEqual([[1, pago, 5]]);
    // The day the move took joins the streak without counting; the next log carries it on.
    expect((await log(pago, 'today')).streaks).toEqual({ current: 6, best: 6 });
    expect((await meStreak(pago)).current).toBe(6);
  });

  it('keeps a streak whose member had not logged yet today when the move ended their day early', async () => {
    // London 23:00 on the 3rd is Tokyo 08:00 on the 4th.
    t.clock.set('2026-12-03T23:00:00Z');
    await setZone(pago, 'Europe/London');
    await log(pago, '2026-12-01');
    await log(pago, '2026-12-02');
    await setZone(pago, 'Asia/Tokyo');
    expect((await meStreak(pago)).current).toBe(2);
    // A whole day without a log still ends it.
    t.clock.set('2026-12-05T16:00:00Z');
    expect((await meStreak(pago)).current).toBe(0);
  });

  it('keeps a streak when moving west, the day just logged now still ahead', async () => {
    t.clock.set('2026-12-06T10:30:00Z');
    await setZone(pago, 'Pacific/Kiritimati');
    for (const day of ['2026-12-05', '2026-12-06', 'today']) await log(pago, day);
    await setZone(pago, 'Pacific/Pago_Pago');
    expect((await meStreak(pago)).current).toBe(3);
    expect(await boardStreaks()).toEqual([[1, pago, 3]]);
  });

  it('keeps the streaks of members on the server’s zone when the server moves east', async () => {
    t.clock.set('2026-12-06T10:30:00Z');
    await t.services.timeZones.setServerTimeZone({ guildId, timeZone: 'Pacific/Pago_Pago' });
    for (const day of ['2026-12-04', '2026-12-05']) await log(utc, day);
    await t.services.timeZones.setServerTimeZone({ guildId, timeZone: 'Pacific/Kiritimati' });
    expect((await meStreak(utc)).current).toBe(2);
  });
});
