import { and, count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activityDays, activityMonths, activityWeeks, exerciseLogs, members } from '../../src/db/schema.js';
import { memberErrorText } from '../../src/discord/render/member-errors.js';
import { useServiceTestbed } from '../support/service-testbed.js';

const guildId = '100000000000000001';
const alice = { guildId, userId: '200000000000000001' };
const bob = { guildId, userId: '200000000000000002' };

const t = useServiceTestbed('2026-11-28T18:00:00Z');

const logCount = async () => (await t.database.db.select({ n: count() }).from(exerciseLogs))[0]!.n;

describe('logExercise', () => {
  it('stores a log with the member’s local day and reports the day total and streak', async () => {
    const first = await t.services.exerciseLog.logExercise({ ...alice, exercise: 'push-ups', amount: '25' });
    const second = await t.services.exerciseLog.logExercise({
      ...alice,
      exercise: 'pushup',
      amount: '10',
      note: 'evening',
    });
    expect(first.ok && second.ok).toBe(true);
    if (!second.ok) return;
    expect(second.value.log).toMatchObject({
      guildId,
      userId: alice.userId,
      exercise: 'pushups',
      amount: 10,
      localDay: '2026-11-28',
      source: 'command',
      note: 'evening',
    });
    expect(second.value.dayTotal).toBe(35);
    expect(second.value.newTier?.name).toBe('better');
    expect(second.value.streaks).toEqual({ current: 1, best: 1 });
    expect(await logCount()).toBe(2);
  });

  it('stores durations in seconds', async () => {
    const result = await t.services.exerciseLog.logExercise({
      ...alice,
      exercise: 'static back',
      amount: '20',
    });
    expect(result.ok && result.value.log.amount).toBe(1200);
  });

  it('counts the day in the member’s time zone, else the server’s', async () => {
    t.clock.set('2026-11-28T02:00:00Z');
    await t.services.timeZones.setServerTimeZone({ guildId, timeZone: 'America/New_York' });
    await t.services.timeZones.setMemberTimeZone({ ...bob, timeZone: 'Asia/Tokyo' });
    const aliceLog = await t.services.exerciseLog.logExercise({ ...alice, exercise: 'squats', amount: '20' });
    const bobLog = await t.services.exerciseLog.logExercise({ ...bob, exercise: 'squats', amount: '20' });
    expect(aliceLog.ok && aliceLog.value.log.localDay).toBe('2026-11-27');
    expect(bobLog.ok && bobLog.value.log.localDay).toBe('2026-11-28');
  });

  it('back-fills a recent day and keeps the streak', async () => {
    await t.services.exerciseLog.logExercise({
      ...alice,
      exercise: 'pushups',
      amount: '20',
      day: 'yesterday',
    });
    await t.services.exerciseLog.logExercise({
      ...alice,
      exercise: 'pushups',
      amount: '20',
      day: '2 days ago',
    });
    const today = await t.services.exerciseLog.logExercise({ ...alice, exercise: 'pushups', amount: '20' });
    expect(today.ok && today.value.streaks).toEqual({ current: 3, best: 3 });
  });

  it('writes the streak record boards read only when a log changes it, and corrects a stale one', async () => {
    const { db } = t.database;
    // xmin changes with every write of the row.
    const stored = async () => {
      const [row] = await db
        .select({
          version: sql<string>`xmin::text`,
          run: members.streakRun,
          lastDay: members.streakLastDay,
          best: members.bestStreak,
          bestDay: members.bestStreakDay,
        })
        .from(members)
        .where(and(eq(members.guildId, guildId), eq(members.userId, alice.userId)));
      return row!;
    };
    await t.services.exerciseLog.logExercise({
      ...alice,
      exercise: 'pushups',
      amount: '10',
      day: 'yesterday',
    });
    await t.services.exerciseLog.logExercise({ ...alice, exercise: 'pushups', amount: '10' });
    const afterToday = await stored();
    expect(afterToday).toMatchObject({ run: 2, lastDay: '2026-11-28', best: 2, bestDay: '2026-11-28' });

    await t.services.exerciseLog.logExercise({ ...alice, exercise: 'squats', amount: '10' });
    expect((await stored()).version).toBe(afterToday.version);

    await db.execute(sql`update members set streak_run = 9 where user_id = ${alice.userId}`);
    await t.services.exerciseLog.logExercise({ ...alice, exercise: 'squats', amount: '10' });
    expect(await stored()).toMatchObject({ run: 2, lastDay: '2026-11-28', best: 2 });
  });

  it('brings the day’s, week’s and month’s roll-ups up to date with each log', async () => {
    await t.services.exerciseLog.logExercise({ ...alice, exercise: 'pushups', amount: '10' });
    await t.services.exerciseLog.logExercise({ ...alice, exercise: 'squats', amount: '5' });
    await t.services.exerciseLog.logExercise({ ...alice, exercise: 'squats', amount: '4', day: 'monday' });
    const { db } = t.database;
    const member = and(eq(activityDays.guildId, guildId), eq(activityDays.userId, alice.userId));
    const days = await db
      .select({ day: activityDays.localDay, points: activityDays.points })
      .from(activityDays)
      .where(member)
      .orderBy(activityDays.localDay);
    // Push-ups are worth 2 points a rep, squats 1.
    expect(days).toEqual([
      { day: '2026-11-23', points: 4 },
      { day: '2026-11-28', points: 25 },
    ]);
    const [week] = await db.select().from(activityWeeks).where(eq(activityWeeks.userId, alice.userId));
    expect(week).toMatchObject({ weekStart: '2026-11-23', activeDays: 2, dayMask: 0b100001, points: 29 });
    const [month] = await db.select().from(activityMonths).where(eq(activityMonths.userId, alice.userId));
    expect(month).toMatchObject({ monthStart: '2026-11-01', activeDays: 2, points: 29 });
  });

  it('keeps the roll-ups right when one member’s logs arrive together', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.services.exerciseLog.logExercise({
          ...alice,
          exercise: 'squats',
          amount: '5',
          day: i % 2 ? 'yesterday' : 'today',
        }),
      ),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    const { db } = t.database;
    const days = await db
      .select({ day: activityDays.localDay, points: activityDays.points })
      .from(activityDays)
      .orderBy(activityDays.localDay);
    expect(days).toEqual([
      { day: '2026-11-27', points: 20 },
      { day: '2026-11-28', points: 20 },
    ]);
    const [week] = await db.select().from(activityWeeks);
    expect(week).toMatchObject({ activeDays: 2, points: 40 });
  });

  it.each([
    [{ exercise: 'burpees', amount: '10' }, 'log.unknown_exercise'],
    [{ exercise: 'pushups', amount: '0' }, 'amount.too_small'],
    [{ exercise: 'pushups', amount: '-5' }, 'amount.not_reps'],
    [{ exercise: 'pushups', amount: '1e9' }, 'amount.not_reps'],
    [{ exercise: 'pushups', amount: 'abc' }, 'amount.not_reps'],
    [{ exercise: 'static-back', amount: '1:99' }, 'amount.bad_clock'],
    [{ exercise: 'pushups', amount: '10000' }, 'amount.too_large'],
    [
      { exercise: 'pushups', amount: '10', note: 'a 5,000-character note'.padEnd(5000, '.') },
      'note.too_long',
    ],
    [{ exercise: 'pushups', amount: '10', note: 'look @everyone' }, 'note.mention'],
    [{ exercise: 'pushups', amount: '10', day: 'tomorrow' }, 'day.unreadable'],
    [{ exercise: 'pushups', amount: '10', day: '2026-11-01' }, 'day.too_old'],
  ])('refuses bad input %# with %1$s and stores nothing', async (input, code) => {
    const result = await t.services.exerciseLog.logExercise({ ...alice, ...input });
    expect(result.ok ? 'stored' : result.error.code).toBe(code);
    expect(await logCount()).toBe(0);
  });
});

describe('undoLastLog', () => {
  it('removes only the caller’s newest log, back-filled or not', async () => {
    await t.services.exerciseLog.logExercise({ ...alice, exercise: 'pushups', amount: '20' });
    await t.services.exerciseLog.logExercise({
      ...alice,
      exercise: 'squats',
      amount: '15',
      day: 'yesterday',
    });
    await t.services.exerciseLog.logExercise({ ...bob, exercise: 'situps', amount: '30' });

    const undone = await t.services.exerciseLog.undoLastLog(alice);
    expect(undone.ok && undone.value.log).toMatchObject({
      exercise: 'squats',
      amount: 15,
      localDay: '2026-11-27',
    });
    const rows = await t.database.db.select().from(exerciseLogs);
    expect(rows.map((r) => r.exercise).sort()).toEqual(['pushups', 'situps']);
  });

  it('says so when there is nothing to undo, and touches nobody else', async () => {
    await t.services.exerciseLog.logExercise({ ...bob, exercise: 'situps', amount: '30' });
    const result = await t.services.exerciseLog.undoLastLog(alice);
    expect(result.ok ? 'undone' : result.error.code).toBe('undo.nothing');
    expect(await logCount()).toBe(1);
  });
});

describe('memberStats', () => {
  const log = (amount: string, day: string, exercise = 'pushups') =>
    t.services.exerciseLog.logExercise({ ...alice, exercise, amount, day });

  it('sums today, this week and all time per exercise, with streaks, tiers and points', async () => {
    // Saturday 2026-11-28; the week began Monday 2026-11-23.
    t.clock.set('2026-11-20T18:00:00Z');
    await log('35', 'today');
    t.clock.set('2026-11-28T18:00:00Z');
    await log('20', '2026-11-22');
    await log('10', '2026-11-23');
    await log('12', 'yesterday');
    await log('15', 'today');
    await log('15', 'today');
    await log('2m', 'today', 'superman');
    await t.services.exerciseLog.logExercise({ ...bob, exercise: 'pushups', amount: '40' });

    const stats = await t.services.memberStats.memberStats(alice);
    expect(stats.today).toBe('2026-11-28');
    expect(stats.weekStart).toBe('2026-11-23');
    expect(stats.streaks).toEqual({ current: 2, best: 2 });
    expect(stats.activeDaysThisWeek).toBe(3);
    expect(stats.activeDaysAllTime).toBe(5);
    const pushups = stats.progress.find((p) => p.exercise.id === 'pushups')!;
    expect(pushups).toMatchObject({ today: 30, thisWeek: 52, allTime: 107, bestDay: 35 });
    expect(pushups.bestTier?.name).toBe('better');
    const superman = stats.progress.find((p) => p.exercise.id === 'superman')!;
    expect(superman).toMatchObject({ today: 120, allTime: 120, bestDay: undefined });
    expect(stats.progress.map((p) => p.exercise.id)).toEqual(['pushups', 'superman']);
    expect(stats.pointsThisWeek).toBe(52 * 2 + 12);
    expect(stats.pointsAllTime).toBe(107 * 2 + 12);
  });

  it('scores each exercise up to its daily cap but keeps every rep logged', async () => {
    await log('250', 'yesterday');
    await log('100', 'today');
    await log('100', 'today');
    const stats = await t.services.memberStats.memberStats(alice);
    const pushups = stats.progress.find((p) => p.exercise.id === 'pushups')!;
    expect(pushups).toMatchObject({ today: 200, thisWeek: 450, allTime: 450 });
    expect(stats.pointsThisWeek).toBe(2 * 120 * 2);
    expect(stats.pointsAllTime).toBe(2 * 120 * 2);
    const board = await t.services.leaderboards.board({ guildId, period: 'week' });
    expect(board.ok && board.value.standings.map((s) => s.entry.points)).toEqual([480]);
  });

  it('is empty but valid for a member with no logs', async () => {
    const stats = await t.services.memberStats.memberStats(bob);
    expect(stats).toMatchObject({ progress: [], streaks: { current: 0, best: 0 }, timeZone: 'UTC' });
  });
});

describe('time zones', () => {
  it('refuses an unknown zone and keeps the old one', async () => {
    await t.services.timeZones.setMemberTimeZone({ ...alice, timeZone: 'Europe/Berlin' });
    const result = await t.services.timeZones.setMemberTimeZone({ ...alice, timeZone: 'Mars/Base' });
    expect(result.ok ? 'set' : result.error.code).toBe('timezone.unknown');
    expect(await t.services.timeZones.timeZoneOf(alice)).toEqual({ zone: 'Europe/Berlin', source: 'member' });
  });

  it('asks for a place instead of an abbreviation', async () => {
    const result = await t.services.timeZones.setServerTimeZone({ guildId, timeZone: 'EST' });
    expect(result.ok ? 'set' : memberErrorText(result.error)).toMatch(/pick a place.*America\/New_York/);
    expect(await t.services.timeZones.timeZoneOf(alice)).toEqual({ zone: 'UTC', source: 'default' });
  });
});
