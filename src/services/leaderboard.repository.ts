import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { addDays, localDay } from '../core/days.js';
import { exercises } from '../core/exercises.js';
import type { Db } from '../db/client.js';
import { activityExerciseMonths, exerciseLogs, members } from '../db/schema.js';

export type LeaderboardRepository = ReturnType<typeof createLeaderboardRepository>;

export interface Window {
  guildId: string;
  from: string;
  to: string;
}

/** The days a week's bit mask marks active; the week's seven dates are worked out once, not per member. */
const daysOfMask = (week: readonly string[], mask: number) => week.filter((_, i) => (mask & (1 << i)) !== 0);

/**
 * Who boards show, over `members m` left-joined by (guild_id, user_id): not those who left the server,
 * nor those who chose /privacy hide. A member with no row yet is shown.
 */
const onBoards = sql`m.left_at is null and m.hidden_at is null`;

const rows = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows);

/**
 * Boards are queries over a date window, never stored counters. They read exercise_logs through its
 * (guild_id, local_day) index, and each member's streak from the record kept with every log, so a
 * board costs the same whether a server has a week of history or years of it.
 */
export function createLeaderboardRepository({ db }: { db: Db }) {
  return {
    /**
     * Every member's standing for a week (by its Monday), a calendar month (by its first day) or all
     * time, from the roll-ups, with the current streak from the record kept with every log.
     */
    async standings(request: {
      guildId: string;
      period: 'week' | 'month' | 'all';
      start: string;
      /**
       * The instant streaks are judged at, each member by their own day there (their zone, else the
       * server's): the board and /me agree on every member's streak, ranking included.
       */
      at: Date;
      serverZone: string;
      /** Only this page, ranked by PostgreSQL in the order of core/leaderboard.ts's rankBoard. */
      page?: { limit: number; offset: number };
    }) {
      const { guildId, start, at, serverZone, page } = request;
      const memberZones = await db
        .selectDistinct({ zone: members.timeZone })
        .from(members)
        .where(and(eq(members.guildId, guildId), isNotNull(members.timeZone)));
      // Each zone's today, worked out here (by Luxon, as /me does), for PostgreSQL to join on.
      const todays = sql.join(
        [...new Set([serverZone, ...memberZones.map((row) => row.zone!)])].map(
          (zone) => sql`(${zone}::text, ${localDay(at, zone)}::date)`,
        ),
        sql`, `,
      );
      const weekDays = Array.from({ length: 7 }, (_, i) => addDays(start, i));
      const window =
        request.period === 'week'
          ? sql`select user_id, active_days, day_mask, points from activity_weeks where guild_id = ${guildId} and week_start = ${start}`
          : request.period === 'month'
            ? sql`select user_id, active_days, 0 as day_mask, points from activity_months where guild_id = ${guildId} and month_start = ${start}`
            : sql`select user_id, sum(active_days)::int as active_days, 0 as day_mask, sum(points) as points from activity_months where guild_id = ${guildId} group by user_id`;
      const standings = sql`
        select w.user_id as "userId",
               w.active_days as "activeDays",
               w.day_mask as "dayMask",
               round(w.points)::int as "points",
               case when m.streak_last_day >= z.today - 1 then m.streak_run else 0 end as "currentStreak",
               coalesce(m.best_streak, 0) as "bestStreak",
               m.best_streak_day::text as "bestStreakDay"
        from (${window}) w
        left join ${members} m on m.guild_id = ${guildId} and m.user_id = w.user_id
        left join (values ${todays}) z(zone, today) on z.zone = coalesce(m.time_zone, ${serverZone}::text)
        where ${onBoards}`;
      const result = await db.execute(
        page
          ? sql`
            select s.*,
                   rank() over (order by "activeDays" desc, "currentStreak" desc, "points" desc)::int as "rank",
                   count(*) over ()::int as "total"
            from (${standings}) s
            order by "activeDays" desc, "currentStreak" desc, "points" desc, "userId" collate "C"
            limit ${page.limit} offset ${page.offset}`
          : standings,
      );
      return rows<{
        userId: string;
        activeDays: number;
        dayMask: number;
        points: number;
        currentStreak: number | null;
        bestStreak: number;
        bestStreakDay: string | null;
        rank?: number;
        total?: number;
      }>(result).map(({ dayMask, ...row }) => ({
        ...row,
        rank: Number(row.rank ?? 0),
        total: Number(row.total ?? 0),
        activeDays: Number(row.activeDays),
        points: Number(row.points),
        currentStreak: Number(row.currentStreak ?? 0),
        bestStreak: Number(row.bestStreak),
        days: request.period === 'week' ? daysOfMask(weekDays, Number(dayMask)) : [],
      }));
    },

    async exerciseTotals(window: Window & { exercise?: string }) {
      const result = await db.execute(sql`
        select l.user_id as "userId", l.exercise as "exercise", sum(l.amount)::int as "total"
        from ${exerciseLogs} l
        left join ${members} m on m.guild_id = l.guild_id and m.user_id = l.user_id
        where l.guild_id = ${window.guildId} and l.local_day between ${window.from} and ${window.to}
          and ${onBoards}
          ${window.exercise ? sql`and l.exercise = ${window.exercise}` : sql``}
        group by l.user_id, l.exercise
      `);
      return rows<{ userId: string; exercise: string; total: number }>(result).map((row) => ({
        ...row,
        total: Number(row.total),
      }));
    },

    /** Every member's all-time total of one exercise, from its monthly roll-up: a few rows per member. */
    async allTimeExerciseTotals(request: { guildId: string; exercise: string }) {
      const result = await db.execute(sql`
        select t.user_id as "userId", t.exercise as "exercise", sum(t.total)::bigint as "total"
        from ${activityExerciseMonths} t
        left join ${members} m on m.guild_id = t.guild_id and m.user_id = t.user_id
        where t.guild_id = ${request.guildId} and t.exercise = ${request.exercise} and ${onBoards}
        group by t.user_id, t.exercise
      `);
      return rows<{ userId: string; exercise: string; total: number }>(result).map((row) => ({
        ...row,
        total: Number(row.total),
      }));
    },

    /** Each member's best single day per tiered exercise in the window (for 20/30/40 highlights). */
    async bestDays(window: Window) {
      const tiered = exercises.filter((e) => e.tiers.length > 0).map((e) => e.id);
      const result = await db.execute(sql`
        select d.user_id as "userId", d.exercise as "exercise", max(d.total)::int as "best"
        from (
          select user_id, exercise, local_day, sum(amount) as total
          from ${exerciseLogs}
          where guild_id = ${window.guildId} and local_day between ${window.from} and ${window.to}
            and exercise in (${sql.join(
              tiered.map((id) => sql`${id}`),
              sql`, `,
            )})
          group by user_id, exercise, local_day
        ) d
        left join ${members} m on m.guild_id = ${window.guildId} and m.user_id = d.user_id
        where ${onBoards}
        group by d.user_id, d.exercise
      `);
      return rows<{ userId: string; exercise: string; best: number }>(result).map((row) => ({
        ...row,
        best: Number(row.best),
      }));
    },

    /**
     * Records that Discord says these members are gone. A row is made only for a member with logs here
     * and no row, so they leave the boards; a member with nothing here (one who deleted their data)
     * gets no row back.
     */
    async markLeft(guildId: string, userIds: readonly string[], at: Date) {
      if (userIds.length === 0) return;
      const ids = sql.join(
        userIds.map((userId) => sql`(${userId}::text)`),
        sql`, `,
      );
      await db.execute(sql`
        insert into ${members} (guild_id, user_id, left_at)
        select ${guildId}, g.user_id, ${at.toISOString()}::timestamptz
        from (values ${ids}) as g(user_id)
        where exists (select 1 from ${members} m where m.guild_id = ${guildId} and m.user_id = g.user_id)
           or exists (select 1 from ${exerciseLogs} l where l.guild_id = ${guildId} and l.user_id = g.user_id)
        on conflict (guild_id, user_id) do update set left_at = coalesce(${members}.left_at, excluded.left_at)
      `);
    },
  };
}
