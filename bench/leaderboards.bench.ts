import { sql } from 'drizzle-orm';
import { systemClock } from '../src/core/clock.js';
import { localDay } from '../src/core/days.js';
import { createServices } from '../src/services/index.js';
import { createLeaderboardRepository } from '../src/services/leaderboard.repository.js';
import { buildAllRollups, fmt, openBenchDatabase, percentile } from './support.js';

const memberCount = Number(process.env.BENCH_MEMBERS ?? 5_000);
const logCount = Number(process.env.BENCH_LOGS ?? 2_000_000);
const runs = 60;
const guildId = '900000000000000001';

const noMessenger = {
  openHoldChannel: () => Promise.reject(new Error('no holds here')),
  postLive: () => Promise.reject(new Error('no holds here')),
  editLive: async () => {},
  announce: async () => {},
  removeChannel: async () => {},
};

async function timed(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  // Warm every pooled connection: each prepares its statements the first time it runs them.
  for (let i = 0; i < 20; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/**
 * One server with 5,000 members and 2 million logs over a year, on PostgreSQL: the weekly board (every
 * member's streak included), `/leaderboard month` and one member's `/me`, with the plan of the main query.
 */
export async function benchLeaderboards(): Promise<void> {
  const database = await openBenchDatabase();
  const { db } = database;
  const today = localDay(new Date(), 'UTC');
  const seeding = performance.now();
  // Seeding is bigger than the bot's statement timeout allows: one transaction without it.
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local statement_timeout = 0`);
    await tx.execute(sql`insert into servers (guild_id) values (${guildId})`);
    await tx.execute(sql`
      insert into exercise_logs (guild_id, user_id, exercise, amount, logged_at, local_day, source)
      select ${guildId},
             (800000000000000000 + (g::bigint * 7919) % ${memberCount})::text,
             (array['pushups','situps','squats','superman','static-back','walk'])[1 + g % 6],
             1 + (g % 40),
             now() - ((g % 365) || ' days')::interval,
             ${today}::date - (g % 365),
             'command'
      from generate_series(1, ${logCount}) g`);
    // Streak records as /log keeps them: members active on consecutive days up to today or earlier.
    await tx.execute(sql`
      insert into members (guild_id, user_id, streak_run, streak_last_day, best_streak, best_streak_day)
      select ${guildId}, (800000000000000000 + m)::text, m % 30, ${today}::date - (m % 3), 30 + m % 60, ${today}::date - 40
      from generate_series(0, ${memberCount - 1}) m`);
    await buildAllRollups(tx);
  });
  // As autovacuum would have by then: statistics, and the visibility map index-only scans rely on.
  await db.execute(sql`vacuum analyze`);
  const seeded = performance.now() - seeding;

  const services = createServices({ db, clock: systemClock, holdMessenger: noMessenger });
  const someone = { guildId, userId: '800000000000001234' };
  const weekly = await timed(() => services.leaderboards.weeklyReport({ guildId, postedAt: new Date() }));
  const week = await timed(() => services.leaderboards.board({ guildId, period: 'week' }));
  const month = await timed(() => services.leaderboards.board({ guildId, period: 'month' }));
  const boards = createLeaderboardRepository({ db });
  const monthQuery = await timed(() =>
    boards.standings({
      guildId,
      period: 'month',
      start: `${today.slice(0, 7)}-01`,
      at: new Date(),
      serverZone: 'UTC',
    }),
  );
  const me = await timed(() => services.memberStats.memberStats(someone));
  const from = `${today.slice(0, 7)}-01`;
  const plan = await db.execute(sql`explain (analyze, buffers, costs off)
    select w.user_id, w.active_days, round(w.points),
           case when m.streak_last_day >= ${today}::date - 1 then m.streak_run else 0 end
    from activity_months w left join members m on m.guild_id = w.guild_id and m.user_id = w.user_id
    where w.guild_id = ${guildId} and w.month_start = ${from} and m.left_at is null and m.hidden_at is null`);
  const mePlan = await db.execute(sql`explain (analyze, buffers, costs off)
    select local_day, exercise, sum(amount)::int from exercise_logs
    where guild_id = ${someone.guildId} and user_id = ${someone.userId}
    group by local_day, exercise order by local_day`);
  const lines = (result: unknown) =>
    (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows).map((row) =>
      String(Object.values(row as Record<string, unknown>)[0]),
    );
  const planLines = lines(plan);
  await database.close();

  console.log(
    `\n## Leaderboards: one server, ${memberCount} members, ${logCount} logs over a year, ${database.label}`,
  );
  console.log(`seeded in ${fmt(seeded / 1000)} s; ${runs} runs each after 20 warm-up runs`);
  console.log(
    `weekly post, all of it (standings with every member's streak, last week, tiers, champions): p50 ${fmt(weekly.p50)} ms · p95 ${fmt(weekly.p95)} ms`,
  );
  console.log(
    `weekly board, every member ranked with their streak (= /leaderboard week): p50 ${fmt(week.p50)} ms · p95 ${fmt(week.p95)} ms`,
  );
  console.log(`/leaderboard month: p50 ${fmt(month.p50)} ms · p95 ${fmt(month.p95)} ms`);
  console.log(
    `  of which the standings query and its rows: p50 ${fmt(monthQuery.p50)} ms · p95 ${fmt(monthQuery.p95)} ms`,
  );
  console.log(`/me for one member: p50 ${fmt(me.p50)} ms · p95 ${fmt(me.p95)} ms`);
  console.log('plan of the month query:');
  for (const line of planLines) console.log(`  ${line}`);
  console.log("plan of /me's history query:");
  for (const line of lines(mePlan)) console.log(`  ${line}`);
}
