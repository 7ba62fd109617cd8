import { and, eq, inArray, sql } from 'drizzle-orm';
import { exercises } from '../core/exercises.js';
import type { Db } from '../db/client.js';
import { exerciseLogs, members } from '../db/schema.js';

export type LeaderboardRepository = ReturnType<typeof createLeaderboardRepository>;

export interface Window {
  guildId: string;
  from: string;
  to: string;
}

/** Points per stored unit, from the catalog: per rep, or per minute spread over seconds. */
const pointsCase = sql.raw(
  `case exercise ${exercises
    .map((e) => `when '${e.id}' then ${e.unit === 'reps' ? e.points : e.points / 60}`)
    .join(' ')} else 0 end`,
);

const rows = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows);

/**
 * Boards are queries over a date window, never stored counters. They read exercise_logs through its
 * (guild_id, local_day) index, and each member's streak from the record kept with every log, so a
 * board costs the same whether a server has a week of history or years of it.
 */
export function createLeaderboardRepository({ db }: { db: Db }) {
  return {
    async standings(window: Window & { today: string }) {
      const result = await db.execute(sql`
        select w.user_id as "userId",
               w.active_days as "activeDays",
               w.days as "days",
               w.points as "points",
               case when m.streak_last_day >= ${window.today}::date - 1 then m.streak_run else 0 end as "currentStreak",
               coalesce(m.best_streak, 0) as "bestStreak",
               m.best_streak_day::text as "bestStreakDay"
        from (
          select user_id,
                 count(distinct local_day)::int as active_days,
                 string_agg(distinct local_day::text, ',') as days,
                 round(sum(amount * ${pointsCase}))::int as points
          from ${exerciseLogs}
          where guild_id = ${window.guildId} and local_day between ${window.from} and ${window.to}
          group by user_id
        ) w
        left join ${members} m on m.guild_id = ${window.guildId} and m.user_id = w.user_id
        where m.left_at is null
      `);
      return rows<{
        userId: string;
        activeDays: number;
        days: string;
        points: number;
        currentStreak: number | null;
        bestStreak: number;
        bestStreakDay: string | null;
      }>(result).map((row) => ({
        ...row,
        activeDays: Number(row.activeDays),
        points: Number(row.points),
        currentStreak: Number(row.currentStreak ?? 0),
        bestStreak: Number(row.bestStreak),
        days: row.days.split(','),
      }));
    },

    async exerciseTotals(window: Window & { exercise?: string }) {
      const result = await db.execute(sql`
        select l.user_id as "userId", l.exercise as "exercise", sum(l.amount)::int as "total"
        from ${exerciseLogs} l
        left join ${members} m on m.guild_id = l.guild_id and m.user_id = l.user_id
        where l.guild_id = ${window.guildId} and l.local_day between ${window.from} and ${window.to}
          and m.left_at is null
          ${window.exercise ? sql`and l.exercise = ${window.exercise}` : sql``}
        group by l.user_id, l.exercise
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
        select user_id as "userId", exercise as "exercise", max(total)::int as "best"
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
        group by user_id, exercise
      `);
      return rows<{ userId: string; exercise: string; best: number }>(result).map((row) => ({
        ...row,
        best: Number(row.best),
      }));
    },

    async markLeft(guildId: string, userIds: readonly string[], at: Date) {
      if (userIds.length === 0) return;
      await db
        .insert(members)
        .values(userIds.map((userId) => ({ guildId, userId, leftAt: at })))
        .onConflictDoUpdate({ target: [members.guildId, members.userId], set: { leftAt: at } });
    },

    async markPresent(guildId: string, userIds: readonly string[]) {
      if (userIds.length === 0) return;
      await db
        .update(members)
        .set({ leftAt: null })
        .where(and(eq(members.guildId, guildId), inArray(members.userId, [...userIds])));
    },
  };
}
