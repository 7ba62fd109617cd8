import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { weekStart } from '../core/days.js';
import type { Db } from '../db/client.js';
import { exerciseLogs, members, type ExerciseLog, type NewExerciseLog } from '../db/schema.js';
import { transactionStatement } from '../db/transaction-statement.js';
import { rollupStatements } from './rollups.sql.js';

export type LogsRepository = ReturnType<typeof createLogsRepository>;

const member = {
  guildId: sql.placeholder('guildId'),
  userId: sql.placeholder('userId'),
};
const isMember = and(eq(exerciseLogs.guildId, member.guildId), eq(exerciseLogs.userId, member.userId));

export function createLogsRepository({ db }: { db: Db }) {
  const activeDays = db
    .selectDistinct({ day: exerciseLogs.localDay })
    .from(exerciseLogs)
    .where(isMember)
    .orderBy(exerciseLogs.localDay)
    .prepare('logs_active_days');

  const deleteNewest = db
    .delete(exerciseLogs)
    .where(
      eq(
        exerciseLogs.id,
        db
          .select({ id: exerciseLogs.id })
          .from(exerciseLogs)
          .where(isMember)
          .orderBy(desc(exerciseLogs.id))
          .limit(1),
      ),
    )
    .returning()
    .prepare('logs_delete_newest');

  // A member's whole history as totals by day and exercise: /me derives every figure it shows from
  // these few hundred rows, read in one index-only scan (see exercise_logs_member_day_idx).
  const memberDayTotals = db
    .select({
      localDay: exerciseLogs.localDay,
      exercise: exerciseLogs.exercise,
      total: sql<number>`sum(${exerciseLogs.amount})::int`,
    })
    .from(exerciseLogs)
    .where(isMember)
    .groupBy(exerciseLogs.localDay, exerciseLogs.exercise)
    .orderBy(exerciseLogs.localDay)
    .prepare('logs_member_day_totals');

  const loggedOn = db
    .select({ id: exerciseLogs.id })
    .from(exerciseLogs)
    .where(and(isMember, eq(exerciseLogs.localDay, sql.placeholder('localDay'))))
    .limit(1)
    .prepare('logs_logged_on');

  // Rebuilding deletes a member's roll-up rows and inserts them again. Two transactions doing that for one
  // member at once (a double-tapped /log, /log beside a hold's end, two processes) would collide on the
  // rows' keys, so each takes the member's lock first and holds it until it commits.
  const lockMember = transactionStatement(
    'rollups_lock_member',
    sql`select pg_advisory_xact_lock(hashtextextended(${member.guildId}::text || ':' || ${member.userId}::text, 0))`,
  );
  const ofOne = rollupStatements({ members: 'one' });
  const rollups = {
    deleteDay: transactionStatement('rollups_day_delete', ofOne.day.delete),
    insertDay: transactionStatement('rollups_day_insert', ofOne.day.insert),
    deleteWeek: transactionStatement('rollups_week_delete', ofOne.week.delete),
    insertWeek: transactionStatement('rollups_week_insert', ofOne.week.insert),
    deleteMonth: transactionStatement('rollups_month_delete', ofOne.month.delete),
    insertMonth: transactionStatement('rollups_month_insert', ofOne.month.insert),
    deleteExerciseMonth: transactionStatement('rollups_exercise_month_delete', ofOne.exerciseMonth.delete),
    insertExerciseMonth: transactionStatement('rollups_exercise_month_insert', ofOne.exerciseMonth.insert),
  };

  /**
   * Rebuilds the member's roll-ups for the days a change touched (and their weeks and months) from the
   * logs themselves, so they are right whatever the change was: a log, an undo, a hold's credits. The
   * statements are started in order without waiting, in one transaction (see below) that holds the
   * member's lock.
   */
  function rebuildRollups(tx: Db, member: { guildId: string; userId: string }, days: readonly string[]) {
    const statements: Promise<void>[] = [];
    for (const day of new Set(days)) {
      statements.push(rollups.deleteDay(tx, { ...member, day }), rollups.insertDay(tx, { ...member, day }));
    }
    for (const week of new Set(days.map(weekStart))) {
      statements.push(
        rollups.deleteWeek(tx, { ...member, week }),
        rollups.insertWeek(tx, { ...member, week }),
      );
    }
    for (const month of new Set(days.map((day) => `${day.slice(0, 7)}-01`))) {
      statements.push(
        rollups.deleteMonth(tx, { ...member, month }),
        rollups.insertMonth(tx, { ...member, month }),
        rollups.deleteExerciseMonth(tx, { ...member, month }),
        rollups.insertExerciseMonth(tx, { ...member, month }),
      );
    }
    return statements;
  }

  const insertLog = transactionStatement(
    'logs_insert',
    db
      .insert(exerciseLogs)
      .values({
        ...member,
        exercise: sql.placeholder('exercise'),
        amount: sql.placeholder('amount'),
        loggedAt: sql.placeholder('loggedAt'),
        localDay: sql.placeholder('localDay'),
        source: sql.placeholder('source'),
        note: sql.placeholder('note'),
        holdSessionId: sql.placeholder('holdSessionId'),
      })
      .returning({ id: exerciseLogs.id }),
  );

  const daysWithTotals = transactionStatement(
    'logs_days_with_totals',
    db
      .select({
        day: exerciseLogs.localDay,
        exerciseTotal: sql<number>`coalesce(sum(${exerciseLogs.amount}) filter (where ${exerciseLogs.exercise} = ${sql.placeholder('exercise')}), 0)::int`,
      })
      .from(exerciseLogs)
      .where(isMember)
      .groupBy(exerciseLogs.localDay)
      .orderBy(exerciseLogs.localDay),
  );

  const storedStreak = transactionStatement(
    'logs_stored_streak',
    db
      .select({
        run: members.streakRun,
        lastDay: members.streakLastDay,
        best: members.bestStreak,
        bestDay: members.bestStreakDay,
        bridges: members.streakBridges,
      })
      .from(members)
      .where(and(eq(members.guildId, member.guildId), eq(members.userId, member.userId))),
  );

  // A member who logs is in the server, whatever Discord said before: back onto the boards.
  const markPresent = transactionStatement(
    'logs_mark_present',
    sql`update ${members} set left_at = null where guild_id = ${member.guildId} and user_id = ${member.userId} and left_at is not null`,
  );

  // Within a transaction, queries started one after another without waiting go out together on its one
  // connection (postgres-js pipelines them, PGlite queues them), and PostgreSQL runs them in the order they
  // were started, each seeing what the ones before it wrote: one round trip for all of them. Prepared,
  // they are parsed and planned once per connection; postgres-js also sends a query that isn't prepared
  // and has parameters in two round trips, the first to learn the parameters' types.
  return {
    async refreshRollups(member: { guildId: string; userId: string }, days: readonly string[]) {
      await db.transaction(async (tx) => {
        await Promise.all([lockMember(tx, member), ...rebuildRollups(tx, member, days)]);
      });
    },

    /**
     * Stores a log and rebuilds the roll-ups of its day, sending all its queries in one round trip. Also
     * returns what showing the log needs: the day's total for the exercise before it, and the member's
     * active days; and their streak record as stored, so an unchanged one need not be written again.
     */
    async record(log: Required<Omit<NewExerciseLog, 'id'>>) {
      return db.transaction(async (tx) => {
        const [, [inserted], days, [stored]] = await Promise.all([
          lockMember(tx, log),
          insertLog(tx, log),
          // After the insert, so the log's own day is among them.
          daysWithTotals(tx, log),
          storedStreak(tx, log),
          markPresent(tx, log),
          ...rebuildRollups(tx, log, [log.localDay]),
        ]);
        if (inserted === undefined) throw new Error('Inserting a log returned no row');
        const { id } = inserted;
        const dayTotal = days.find(({ day }) => day === log.localDay)?.exerciseTotal ?? log.amount;
        return {
          log: { id, ...log } satisfies ExerciseLog,
          dayTotalBefore: dayTotal - log.amount,
          activeDays: days.map(({ day }) => day),
          storedStreak: stored,
        };
      });
    },

    /**
     * `refreshRollups` for several members of one server at once, in one transaction of eight statements
     * whatever their number: a hold's end refreshes all its participants together.
     */
    async refreshRollupsOfMembers(guildId: string, userIds: readonly string[], days: readonly string[]) {
      if (userIds.length === 0 || days.length === 0) return;
      const { day, week, month, exerciseMonth } = rollupStatements({
        members: 'some',
        guildId,
        userIds,
        days,
      });
      await db.transaction(async (tx) => {
        // In one order, so two of these never wait on each other.
        await Promise.all([...new Set(userIds)].sort().map((userId) => lockMember(tx, { guildId, userId })));
        for (const period of [day, week, month, exerciseMonth]) {
          await tx.execute(period.delete);
          await tx.execute(period.insert);
        }
      });
    },

    /** Each member's distinct active days, oldest first. */
    async activeDaysOfMembers(guildId: string, userIds: readonly string[]): Promise<Map<string, string[]>> {
      const rows = await db
        .selectDistinct({ userId: exerciseLogs.userId, day: exerciseLogs.localDay })
        .from(exerciseLogs)
        .where(and(eq(exerciseLogs.guildId, guildId), inArray(exerciseLogs.userId, [...userIds])))
        .orderBy(exerciseLogs.userId, exerciseLogs.localDay);
      const days = new Map<string, string[]>(userIds.map((userId) => [userId, []]));
      for (const row of rows) days.get(row.userId)?.push(row.day);
      return days;
    },

    async loggedOn(params: { guildId: string; userId: string; localDay: string }) {
      return (await loggedOn.execute(params)).length > 0;
    },
    async activeDays(params: { guildId: string; userId: string }) {
      const rows = await activeDays.execute(params);
      return rows.map((row) => row.day);
    },
    async deleteNewest(params: { guildId: string; userId: string }) {
      const [row] = await deleteNewest.execute(params);
      return row;
    },
    /** Totals by day and exercise, oldest day first. */
    memberDayTotals(params: { guildId: string; userId: string }) {
      return memberDayTotals.execute(params);
    },
  };
}
