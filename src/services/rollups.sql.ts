import { sql, type SQL } from 'drizzle-orm';
import { weekStart } from '../core/days.js';
import { dailyScoringCap, exercises, pointsPerUnit, type Exercise } from '../core/exercises.js';

const byExercise = (value: (exercise: Exercise) => number) =>
  `case exercise ${exercises.map((e) => `when '${e.id}' then ${value(e)}`).join(' ')} else 0 end`;

/** Points per stored unit, from the catalog, as SQL over a row's `exercise`. */
export const pointsPerUnitSql = sql.raw(byExercise(pointsPerUnit));
/** How much of an exercise scores in a day (core's `dailyScoringCap`), as SQL over a row's `exercise`. */
export const dailyScoringCapSql = sql.raw(byExercise(dailyScoringCap));

/**
 * Whose roll-ups, and for which days. `one` is one member and one day, week and month given as
 * placeholders (`guildId`, `userId`, `day`, `week`, `month`), so /log builds its statements once and runs
 * them with each log's values; `some` is several members of one server on the given days (a hold's end);
 * `all` is every member on every day (seeding a benchmark's database).
 */
export type RollupScope =
  | { members: 'one' }
  | { members: 'some'; guildId: string; userIds: readonly string[]; days: readonly string[] }
  | { members: 'all' };

/** One period's rows, days, weeks or months: the statement that deletes them and the one that rebuilds them. */
export interface RollupStatements {
  delete: SQL;
  insert: SQL;
}

/** Which rows of a period: `is` picks the period's keys in a column, `within` the days they span. */
interface Periods {
  is(column: string): SQL;
  within: SQL;
}

const list = (values: Iterable<string>) =>
  sql.join(
    [...new Set(values)].sort().map((value) => sql`${value}`),
    sql`, `,
  );

const everything: Periods = { is: () => sql`true`, within: sql`true` };

function periodsOf(scope: RollupScope) {
  if (scope.members === 'all')
    return { members: sql`true`, day: everything, week: everything, month: everything };
  if (scope.members === 'one') {
    const start = (name: string) => sql`${sql.placeholder(name)}::date`;
    const one = (name: string, within: SQL): Periods => ({
      is: (column) => sql`${sql.identifier(column)} = ${start(name)}`,
      within,
    });
    return {
      members: sql`guild_id = ${sql.placeholder('guildId')} and user_id = ${sql.placeholder('userId')}`,
      day: one('day', sql`local_day = ${start('day')}`),
      week: one('week', sql`local_day between ${start('week')} and ${start('week')} + 6`),
      month: one(
        'month',
        sql`local_day >= ${start('month')} and local_day < ${start('month')} + interval '1 month'`,
      ),
    };
  }
  const { guildId, userIds, days } = scope;
  const weeks = [...new Set(days.map(weekStart))].sort();
  const months = [...new Set(days.map((day) => `${day.slice(0, 7)}-01`))].sort();
  const some = (keys: readonly string[], within: SQL): Periods => ({
    is: (column) => sql`${sql.identifier(column)} in (${list(keys)})`,
    within,
  });
  return {
    members: sql`guild_id = ${guildId} and user_id in (${list(userIds)})`,
    day: some(days, sql`local_day in (${list(days)})`),
    week: some(weeks, sql`local_day between ${weeks[0]}::date and ${weeks.at(-1)}::date + 6`),
    month: some(
      months,
      sql`local_day >= ${months[0]}::date and local_day < ${months.at(-1)}::date + interval '1 month'`,
    ),
  };
}

/**
 * The roll-up tables rebuilt from the logs, for members and days as `scope` says: each period's rows are
 * deleted and inserted again, days first (from the logs, with the daily caps), then weeks and months (from
 * the days), and each exercise's months (from the logs). Run them in that order, in one transaction. `some` needs at least one member and one day.
 */
export function rollupStatements(scope: RollupScope): {
  day: RollupStatements;
  week: RollupStatements;
  month: RollupStatements;
  exerciseMonth: RollupStatements;
} {
  const { members, day, week, month } = periodsOf(scope);
  return {
    day: {
      delete: sql`delete from activity_days where ${members} and ${day.is('local_day')}`,
      insert: sql`
        insert into activity_days (guild_id, local_day, user_id, points)
        select guild_id, local_day, user_id, sum(least(total, ${dailyScoringCapSql}) * ${pointsPerUnitSql})
        from (
          select guild_id, local_day, user_id, exercise, sum(amount) as total
          from exercise_logs where ${members} and ${day.within}
          group by guild_id, local_day, user_id, exercise
        ) as exercise_days
        group by guild_id, local_day, user_id`,
    },
    week: {
      delete: sql`delete from activity_weeks where ${members} and ${week.is('week_start')}`,
      insert: sql`
        insert into activity_weeks (guild_id, week_start, user_id, active_days, day_mask, points)
        select guild_id, week, user_id, count(*), bit_or(1 << (local_day - week)), sum(points)
        from (
          select *, date_trunc('week', local_day)::date as week from activity_days
          where ${members} and ${week.within}
        ) as days
        where ${week.is('week')}
        group by guild_id, week, user_id`,
    },
    month: {
      delete: sql`delete from activity_months where ${members} and ${month.is('month_start')}`,
      insert: sql`
        insert into activity_months (guild_id, month_start, user_id, active_days, points)
        select guild_id, month, user_id, count(*), sum(points)
        from (
          select *, date_trunc('month', local_day)::date as month from activity_days
          where ${members} and ${month.within}
        ) as days
        where ${month.is('month')}
        group by guild_id, month, user_id`,
    },
    // From the logs, as days are: a month of one member's logs is an index-only scan.
    exerciseMonth: {
      delete: sql`delete from activity_exercise_months where ${members} and ${month.is('month_start')}`,
      insert: sql`
        insert into activity_exercise_months (guild_id, user_id, month_start, exercise, total)
        select guild_id, user_id, month, exercise, sum(amount)
        from (
          select guild_id, user_id, exercise, amount, date_trunc('month', local_day)::date as month
          from exercise_logs where ${members} and ${month.within}
        ) as logs
        where ${month.is('month')}
        group by guild_id, user_id, month, exercise`,
    },
  };
}
