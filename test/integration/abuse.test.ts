import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activityExerciseMonths, exerciseLogs, reminders as remindersTable } from '../../src/db/schema.js';
import type { ExerciseLog } from '../../src/db/schema.js';
import { memberErrorText } from '../../src/discord/render/member-errors.js';
import type { Services } from '../../src/services/index.js';
import { exportRules, type ExportSink } from '../../src/services/privacy.js';
import { reminderRules } from '../../src/services/reminders.js';
import { useServiceTestbed } from '../support/service-testbed.js';

const guildId = '100000000000000001';
const alice = '200000000000000001';
const bob = '200000000000000002';
const carol = '200000000000000003';
const minutes = (n: number) => n * 60_000;

const t = useServiceTestbed('2026-10-28T18:00:00Z');

const addReminder = (userId = alice) =>
  t.services.reminders.addPersonal({
    guildId,
    userId,
    when: 'daily 20:30',
    message: 'Floor time',
    onlyIfNotLogged: false,
    dmChannelId: '500000000000000001',
  });

const addSchedule = () =>
  t.services.reminders.addServerSchedule({
    guildId,
    userId: alice,
    channelId: '300000000000000001',
    when: 'daily 20:00',
    message: 'Evening stretch',
  });

const numbersOf = async (kind: 'personal' | 'server') =>
  (
    await t.database.db
      .select({ number: remindersTable.number })
      .from(remindersTable)
      .where(and(eq(remindersTable.guildId, guildId), eq(remindersTable.kind, kind)))
  )
    .map((row) => row.number)
    .sort((a, b) => a - b);

describe('adds at the same moment', () => {
  it('gives four simultaneous /remind add by one member four distinct numbers', async () => {
    const results = await Promise.all([addReminder(), addReminder(), addReminder(), addReminder()]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'ok', 'ok', 'ok']);
    const numbers = results.map((r) => (r.ok ? r.value.reminder.number : 0)).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4]);
    expect(await numbersOf('personal')).toEqual([1, 2, 3, 4]);
  });

  it('lets only one of four simultaneous adds past the cap of 10, and refuses the rest as a value', async () => {
    for (let i = 0; i < reminderRules.maxPerMember - 1; i++) {
      const added = await addReminder();
      if (!added.ok) throw new Error(memberErrorText(added.error));
    }
    const results = await Promise.all([addReminder(), addReminder(), addReminder(), addReminder()]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refusals = results.flatMap((r) => (r.ok ? [] : [r.error]));
    expect(refusals).toEqual(
      Array.from({ length: 3 }, () => ({ code: 'reminder.too_many', max: reminderRules.maxPerMember })),
    );
    expect(await numbersOf('personal')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Another member's count is their own.
    expect((await addReminder(bob)).ok).toBe(true);
  });

  it('lets only one of four simultaneous schedules past the server’s cap of 25', async () => {
    for (let i = 0; i < reminderRules.maxPerServer - 1; i++) {
      const added = await addSchedule();
      if (!added.ok) throw new Error(memberErrorText(added.error));
    }
    const results = await Promise.all([addSchedule(), addSchedule(), addSchedule(), addSchedule()]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.flatMap((r) => (r.ok ? [] : [r.error.code]))).toEqual([
      'schedule.too_many',
      'schedule.too_many',
      'schedule.too_many',
    ]);
    expect(await numbersOf('server')).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });
});

describe('the all-time board of one exercise', () => {
  const log = async (userId: string, exercise: string, amount: string, day?: string) => {
    const result = await t.services.exerciseLog.logExercise({
      guildId,
      userId,
      exercise,
      amount,
      ...(day ? { day } : {}),
    });
    if (!result.ok) throw new Error(memberErrorText(result.error));
  };

  /** Each member's all-time total of `exercise`, summed from the logs themselves. */
  const summedFromLogs = async (exercise: string) => {
    const rows = await t.database.db
      .select({ userId: exerciseLogs.userId, total: sql<string>`sum(${exerciseLogs.amount})` })
      .from(exerciseLogs)
      .where(and(eq(exerciseLogs.guildId, guildId), eq(exerciseLogs.exercise, exercise)))
      .groupBy(exerciseLogs.userId);
    return Object.fromEntries(rows.map((row) => [row.userId, Number(row.total)]));
  };

  const onTheBoard = async (exercise: string) => {
    const board = await t.services.leaderboards.board({ guildId, period: 'all', exercise });
    if (!board.ok) throw new Error(memberErrorText(board.error));
    return Object.fromEntries(board.value.totals.map((row) => [row.entry.userId, row.entry.total]));
  };

  const holdCredit = async (services: Services) => {
    const hold = await services.holds.startHold({
      guildId,
      originChannelId: '300000000000000001',
      userId: alice,
      routine: 'static-back',
    });
    if (!hold.ok) throw new Error(memberErrorText(hold.error));
    await services.holds.joinHold({ sessionId: hold.value.session.id, guildId, userId: bob });
    t.clock.advanceBy(minutes(21));
    await services.holds.advanceHolds();
    await services.holds.settled();
  };

  it('adds up what the logs add up to, across days and months, an undo, a hold and a deletion', async () => {
    // October: logs on three days, one a back-fill.
    await log(alice, 'pushups', '30', '2026-10-26');
    await log(alice, 'pushups', '25');
    await log(bob, 'pushups', '40');
    await log(carol, 'pushups', '10');
    // November: the month turns; a back-fill reaches back into October.
    t.clock.set('2026-11-02T18:00:00Z');
    await log(alice, 'pushups', '15', '2026-10-31');
    await log(alice, 'pushups', '20');
    await log(bob, 'pushups', '35');
    await log(bob, 'squats', '50');
    // An undo takes back Bob's newest push-ups (the squats stay).
    await log(bob, 'pushups', '99');
    const undone = await t.services.exerciseLog.undoLastLog({ guildId, userId: bob });
    expect(undone.ok && undone.value.log.amount).toBe(99);
    // December: a hold credits Alice and Bob.
    t.clock.set('2026-12-01T19:00:00Z');
    await log(carol, 'pushups', '12');
    await holdCredit(t.services);

    const pushups = await summedFromLogs('pushups');
    expect(pushups).toEqual({ [alice]: 90, [bob]: 75, [carol]: 22 });
    expect(await onTheBoard('pushups')).toEqual(pushups);
    const staticBack = await summedFromLogs('static-back');
    expect(staticBack).toEqual({ [alice]: 1200, [bob]: 1200 });
    expect(await onTheBoard('static-back')).toEqual(staticBack);
    expect(await onTheBoard('squats')).toEqual({ [bob]: 50 });

    // Carol deletes her data: her months go with her logs.
    const asked = t.services.clock.now();
    const deleted = await t.services.privacy.deleteMember({ guildId, userId: carol, askedAt: asked });
    expect(deleted.ok).toBe(true);
    const carolsMonths = await t.database.db
      .select()
      .from(activityExerciseMonths)
      .where(and(eq(activityExerciseMonths.guildId, guildId), eq(activityExerciseMonths.userId, carol)));
    expect(carolsMonths).toEqual([]);
    expect(await onTheBoard('pushups')).toEqual({ [alice]: 90, [bob]: 75 });
    expect(await onTheBoard('pushups')).toEqual(await summedFromLogs('pushups'));
  });
});

describe('/privacy export limits', () => {
  /** A sink that counts what it is given and, if told to, holds the export open until released. */
  function sink(options: { hold?: Promise<void> } = {}) {
    const received = { heads: 0, logs: [] as ExerciseLog[], accepted: 0 };
    const value: ExportSink = {
      accepted: async () => {
        received.accepted += 1;
        await options.hold;
      },
      head: () => {
        received.heads += 1;
      },
      logs: async (batch) => {
        received.logs.push(...batch);
      },
    };
    return { sink: value, received };
  }

  const exportOf = (userId: string, into = sink().sink, server = guildId) =>
    t.services.privacy.exportMember({ guildId: server, userId }, into);

  it('refuses a second export within 3 minutes, across servers, and allows it after', async () => {
    expect((await exportOf(alice)).ok).toBe(true);
    t.clock.advanceBy(minutes(1));
    const refused = sink();
    const again = await exportOf(alice, refused.sink, '100000000000000002');
    expect(again.ok ? 'exported' : again.error).toEqual({
      code: 'privacy.export_too_soon',
      retryInMinutes: 2,
    });
    expect(refused.received).toEqual({ heads: 0, logs: [], accepted: 0 });
    expect(again.ok ? '' : memberErrorText(again.error)).toMatch(/ask again in 2 minutes/);
    // Another member is not held back by Alice's export.
    expect((await exportOf(bob)).ok).toBe(true);
    t.clock.advanceBy(minutes(2) - 1);
    const lastMoment = await exportOf(alice);
    expect(lastMoment.ok ? 'exported' : lastMoment.error).toEqual({
      code: 'privacy.export_too_soon',
      retryInMinutes: 1,
    });
    t.clock.advanceBy(1);
    expect((await exportOf(alice)).ok).toBe(true);
  });

  it('counts a clock stepped back as no time passing', async () => {
    expect((await exportOf(alice)).ok).toBe(true);
    t.clock.advanceBy(-minutes(10));
    const again = await exportOf(alice);
    expect(again.ok ? 'exported' : again.error).toEqual({
      code: 'privacy.export_too_soon',
      retryInMinutes: 3,
    });
  });

  it(`runs at most ${exportRules.atOnce} at once in a process, and the next once one is done`, async () => {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    const first = exportOf(alice, sink({ hold }).sink);
    const second = exportOf(bob, sink({ hold }).sink);
    const refused = sink();
    const third = await exportOf(carol, refused.sink);
    expect(third.ok ? 'exported' : third.error).toEqual({ code: 'privacy.export_busy' });
    expect(refused.received.accepted).toBe(0);
    release();
    expect((await first).ok && (await second).ok).toBe(true);
    // Refused as busy, Carol did not use up her turn.
    expect((await exportOf(carol)).ok).toBe(true);
  });

  it('writes out every one of 5,000 logs, oldest first, in batches', async () => {
    const at = new Date('2026-10-01T12:00:00Z').getTime();
    await t.database.db.insert(exerciseLogs).values(
      Array.from({ length: 5_000 }, (_, i) => ({
        guildId,
        userId: alice,
        exercise: 'pushups',
        amount: (i % 50) + 1,
        loggedAt: new Date(at + i * 1_000),
        localDay: '2026-10-01',
      })),
    );
    // Someone else's log is not in Alice's copy.
    await t.database.db.insert(exerciseLogs).values({
      guildId,
      userId: bob,
      exercise: 'pushups',
      amount: 1,
      loggedAt: new Date(at),
      localDay: '2026-10-01',
    });
    const batches: number[] = [];
    const { sink: into, received } = sink();
    const counted: ExportSink = {
      ...into,
      logs: async (batch) => {
        batches.push(batch.length);
        await into.logs(batch);
      },
    };
    const result = await exportOf(alice, counted);
    expect(result.ok && result.value.logCount).toBe(5_000);
    expect(received.heads).toBe(1);
    expect(received.logs).toHaveLength(5_000);
    expect(new Set(received.logs.map((log) => log.id)).size).toBe(5_000);
    expect(received.logs.every((log) => log.userId === alice)).toBe(true);
    const ids = received.logs.map((log) => log.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(batches.every((size) => size <= exportRules.batchSize)).toBe(true);
    expect(batches.length).toBeGreaterThan(1);
  });
});
