import { sql } from 'drizzle-orm';
import { systemClock } from '../src/core/clock.js';
import { localDay } from '../src/core/days.js';
import { createServices } from '../src/services/index.js';
import { fmt, openBenchDatabase, percentile } from './support.js';

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
  await run();
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
  await db.execute(sql`insert into servers (guild_id) values (${guildId})`);
  // In slices, each well inside the bot's own statement timeout.
  for (let first = 1; first <= logCount; first += 200_000) {
    const last = Math.min(logCount, first + 199_999);
    await db.execute(sql`
    insert into exercise_logs (guild_id, user_id, exercise, amount, logged_at, local_day, source)
    select ${guildId},
           (800000000000000000 + (g::bigint * 7919) % ${memberCount})::text,
           (array['pushups','situps','squats','superman','static-back','walk'])[1 + g % 6],
           1 + (g % 40),
           now() - ((g % 365) || ' days')::interval,
           ${today}::date - (g % 365),
           'command'
    from generate_series(${first}::int, ${last}::int) g`);
  }
  // Streak records as /log keeps them: members active on consecutive days up to today or earlier.
  await db.execute(sql`
    insert into members (guild_id, user_id, streak_run, streak_last_day, best_streak, best_streak_day)
    select ${guildId}, (800000000000000000 + m)::text, m % 30, ${today}::date - (m % 3), 30 + m % 60, ${today}::date - 40
    from generate_series(0, ${memberCount - 1}) m`);
  await db.execute(sql`analyze`);
  const seeded = performance.now() - seeding;

  const services = createServices({ db, clock: systemClock, holdMessenger: noMessenger });
  const someone = { guildId, userId: '800000000000001234' };
  const weekly = await timed(() => services.leaderboards.weeklyReport({ guildId, postedAt: new Date() }));
  const week = await timed(() => services.leaderboards.board({ guildId, period: 'week' }));
  const month = await timed(() => services.leaderboards.board({ guildId, period: 'month' }));
  const me = await timed(() => services.memberStats.memberStats(someone));
  const from = `${today.slice(0, 7)}-01`;
  const plan = await db.execute(sql`explain (analyze, buffers, costs off)
    select user_id, count(distinct local_day), round(sum(amount))
    from exercise_logs where guild_id = ${guildId} and local_day between ${from} and ${today} group by user_id`);
  const planLines = (Array.isArray(plan) ? plan : (plan as { rows: unknown[] }).rows).map((row) =>
    String(Object.values(row as Record<string, unknown>)[0]),
  );
  await database.close();

  console.log(
    `\n## Leaderboards: one server, ${memberCount} members, ${logCount} logs over a year, ${database.label}`,
  );
  console.log(`seeded in ${fmt(seeded / 1000)} s; ${runs} runs each after one warm-up`);
  console.log(
    `weekly post (standings with every member's streak, last week, tiers, champions): p50 ${fmt(weekly.p50)} ms · p95 ${fmt(weekly.p95)} ms`,
  );
  console.log(`/leaderboard week: p50 ${fmt(week.p50)} ms · p95 ${fmt(week.p95)} ms`);
  console.log(`/leaderboard month: p50 ${fmt(month.p50)} ms · p95 ${fmt(month.p95)} ms`);
  console.log(`/me for one member: p50 ${fmt(me.p50)} ms · p95 ${fmt(me.p95)} ms`);
  console.log('plan of the month query:');
  for (const line of planLines) console.log(`  ${line}`);
}
