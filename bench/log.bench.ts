import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import { members as memberRows, servers } from '../src/db/schema.js';
import { DiscordSandbox, type InteractionHandle, type SandboxUser } from '@align/discord-sandbox';
import { buildAllRollups, cpuMs, fmt, openBenchDatabase, percentile, spawnBot } from './support.js';

const rate = Number(process.env.BENCH_LOG_RATE ?? 200);
const seconds = Number(process.env.BENCH_LOG_SECONDS ?? 60);
/** Sent at the same rate before the measured run, so the bot's pool, prepared statements and JIT are warm. */
const warmupSeconds = Number(process.env.BENCH_LOG_WARMUP_SECONDS ?? 5);
const historyDays = Number(process.env.BENCH_LOG_HISTORY_DAYS ?? 90);
const botTimes = process.env.BENCH_LOG_BOT_TIMES === '1';
const guildCount = 8;
const channelsPerGuild = 6;
// The bot lets a member run 5 commands per 10 s; here each member logs about once every 12 s.
const memberCount = Math.ceil((rate * 12) / guildCount) * guildCount;
const zones = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Tokyo',
  'Australia/Sydney',
  'America/Denver',
];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Place {
  guildId: string;
  channelId: string;
  user: SandboxUser;
}

/** One member's /log, varied the way members type them; about 1 in 50 is a mistake the bot refuses. */
function logOptions(i: number): { options: Record<string, string>; valid: boolean } {
  const pick = <T>(choices: readonly T[]) => choices[(i * 7919) % choices.length]!;
  const kind = i % 10;
  const options: Record<string, string> =
    kind < 4
      ? { exercise: pick(['pushups', 'push-ups', 'situps', 'squats']), amount: String(5 + (i % 36)) }
      : kind < 6
        ? { exercise: pick(['superman', 'static back', 'groin']), amount: pick(['45', '90s', '2m', '1:30']) }
        : kind < 8
          ? {
              exercise: pick(['calf', 'hamstrings', 'glutes', 'hip flexor']),
              amount: pick(['2', '90s', '3m']),
            }
          : { exercise: pick(['walk', 'jog', 'swim', 'cycle']), amount: pick(['20', '45m', '1h', '1h15m']) };
  if (i % 5 === 0) options.note = pick(['felt good', 'sore lower back', 'before work', 'with the kids']);
  if (i % 8 === 3) options.day = pick(['yesterday', '2 days ago', '3', 'monday']);
  if (i % 50 === 17) return { options: { exercise: 'pushups', amount: 'lots' }, valid: false };
  if (i % 50 === 41)
    return { options: { exercise: 'squats', amount: '20', day: '2 weeks ago' }, valid: false };
  return { options, valid: true };
}

/**
 * /log at 200 a second for 60 seconds, open loop (sent on schedule, whatever the replies do), from a few
 * thousand members across 8 servers, against one bot process on PostgreSQL with 90 days of history.
 * BENCH_LOG_RATE, BENCH_LOG_SECONDS, BENCH_LOG_WARMUP_SECONDS and BENCH_LOG_HISTORY_DAYS change those;
 * BENCH_BOT=dist runs the built bot instead of src/ through tsx; BENCH_LOG_BOT_TIMES=1 adds the bot's own
 * timings.
 */
export async function benchLog(): Promise<void> {
  const sandbox = await DiscordSandbox.start({ replyTimeoutMs: 10_000 });
  const database = await openBenchDatabase();
  const owner = sandbox.addUser({ username: 'owner' });
  const users = Array.from({ length: memberCount }, (_, i) => sandbox.addUser({ username: `member${i}` }));
  const perGuild = memberCount / guildCount;
  const places: Place[] = [];
  for (let g = 0; g < guildCount; g++) {
    const guildUsers = users.slice(g * perGuild, (g + 1) * perGuild);
    const guild = sandbox.createGuild({
      name: `Bench ${g}`,
      owner,
      members: guildUsers,
      channels: Array.from({ length: channelsPerGuild }, (_, c) => ({
        name: `floor-${c}`,
        type: 'text' as const,
      })),
    });
    const channels = sandbox.channels(guild);
    guildUsers.forEach((user, u) =>
      places.push({ guildId: guild.id, channelId: channels[u % channels.length]!.id, user }),
    );
  }

  const seeding = performance.now();
  await seedHistory(database, places);
  const seeded = performance.now() - seeding;
  const maxId = await countOf(database, sql`select coalesce(max(id), 0)::int as n from exercise_logs`);

  // At debug level the bot logs how long each interaction took it, from its handler to Discord's answer.
  // That costs it a write per interaction, a good part of a millisecond here, so it is asked for separately.
  const botSide: number[] = [];
  let counting = false;
  const bot = await spawnBot({
    apiUrl: sandbox.apiUrl,
    databaseUrl: database.url,
    ready: () => sandbox.registeredCommands().length > 0,
    ...(botTimes ? { logLevel: 'debug' } : {}),
    onLogLine: (line) => {
      const entry = parseLogLine(line);
      if (entry?.msg === 'interaction answered' && entry.what === '/log') {
        if (counting) botSide.push(entry.ms!);
      } else if (!entry || (entry.level ?? 0) >= 40) console.error(line);
    },
  });
  const rssAtStart = bot.rssMb();

  let next = 0;
  const send = (): Sent => {
    const i = next++;
    const place = places[i % places.length]!;
    const { options, valid } = logOptions(i);
    const handle = sandbox.runCommand({
      guild: place.guildId,
      channel: place.channelId,
      user: place.user,
      name: 'log',
      options,
    });
    const sentAt = performance.now();
    const answered = handle.acknowledged().then(
      () => performance.now() - sentAt,
      () => null,
    );
    return { handle, valid, answered };
  };

  await runAtRate(send, warmupSeconds);
  const sandboxLag = monitorEventLoopDelay({ resolution: 10 });
  sandboxLag.enable();
  const cpuBefore = { bot: cpuMs(bot.pid), bench: process.cpuUsage(), postgres: await postgresCpu(database) };
  counting = true;
  const { sent, late } = await runAtRate(send, seconds);
  const latencies = (await Promise.all(sent.map((s) => s.answered))).filter(
    (ms): ms is number => ms !== null,
  );
  const perLog = (ms: number) => ms / sent.length;
  const cpu = {
    bot: perLog(cpuMs(bot.pid) - cpuBefore.bot),
    bench: perLog(cpuTotal(process.cpuUsage(cpuBefore.bench))),
    postgres: perLog(sumCpu(await postgresCpu(database), cpuBefore.postgres)),
  };
  sandboxLag.disable();
  await pause(500);
  const rssAtEnd = bot.rssMb();

  const outcome = {
    logged: 0,
    refused: 0,
    wronglyRefused: 0,
    wronglyLogged: 0,
    faults: 0,
    throttled: 0,
    unanswered: 0,
  };
  for (const { handle, valid } of sent) {
    const reply = handle.original;
    if (!reply) outcome.unanswered += 1;
    else if (reply.content.startsWith('✅')) {
      outcome.logged += 1;
      if (!valid) outcome.wronglyLogged += 1;
    } else if (reply.content.includes('Slow down')) outcome.throttled += 1;
    else if (reply.content.includes('went wrong')) outcome.faults += 1;
    else {
      outcome.refused += 1;
      if (valid) outcome.wronglyRefused += 1;
    }
  }
  const allLogged = sandbox
    .messages()
    .filter((m) => m.interaction?.name === 'log' && m.content.startsWith('✅')).length;
  const written = await countOf(
    database,
    sql`select count(*)::int as n from exercise_logs where id > ${maxId}`,
  );
  const publicReplies = sent.filter(({ handle }) => handle.original?.ephemeral === false).length;
  const channelPosts = sandbox.requests.filter((r) => r.route === 'POST /channels/:channel/messages').length;

  await bot.stop();
  await sandbox.stop();
  await database.close();

  const p = (n: number) => percentile(latencies, n);
  const mark = (good: boolean) => (good ? '✓' : '✗');
  console.log(
    `\n## /log: ${rate}/s for ${seconds} s (after ${warmupSeconds} s of warm-up at the same rate), ${memberCount} members in ${guildCount} servers × ${channelsPerGuild} channels, ${database.label}`,
  );
  console.log(
    `seeded ${historyDays} days of history (${maxId} logs with roll-ups and streaks) in ${fmt(seeded / 1000)} s`,
  );
  console.log(
    `sent ${sent.length} in ${fmt(seconds)} s, open loop; sends behind schedule by p99 ${fmt(percentile(late, 99))} ms · max ${fmt(Math.max(...late))} ms`,
  );
  console.log(
    `INTERACTION_CREATE sent → callback received (includes the loopback gateway and HTTP hops, so an upper bound): p50 ${fmt(p(50))} ms · p95 ${fmt(p(95))} ms · p99 ${fmt(p(99))} ms · max ${fmt(Math.max(...latencies))} ms`,
  );
  console.log(`  target: p99 under 20 ms ${mark(p(99) < 20)}`);
  if (botTimes) {
    console.log(
      `inside the bot (its debug log on), handler start → Discord's answer to the reply (whole ms): p50 ${percentile(botSide, 50)} ms · p95 ${percentile(botSide, 95)} ms · p99 ${percentile(botSide, 99)} ms · max ${Math.max(...botSide)} ms`,
    );
  }
  console.log(
    `sandbox event-loop delay meanwhile: p50 ${fmt(sandboxLag.percentile(50) / 1e6)} ms · p99 ${fmt(sandboxLag.percentile(99) / 1e6)} ms · max ${fmt(sandboxLag.max / 1e6)} ms`,
  );
  console.log(
    `CPU per /log: bot ${fmt(cpu.bot, 2)} ms · PostgreSQL backends ${fmt(cpu.postgres, 2)} ms · this process (sandbox and load) ${fmt(cpu.bench, 2)} ms; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`,
  );
  console.log(
    `replies: ${outcome.logged} logged · ${outcome.refused} refused as bad input · ${outcome.throttled} throttled · ${outcome.faults} faults · ${outcome.unanswered} unanswered · public ${publicReplies}, channel posts ${channelPosts}`,
  );
  console.log(
    `  valid logs refused: ${outcome.wronglyRefused} · invalid logs accepted: ${outcome.wronglyLogged}`,
  );
  console.log(
    `log rows written ${written} = ✅ replies ${allLogged} (warm-up included) ${mark(written === allLogged)}`,
  );
  console.log(
    `bot process resident memory: ${fmt(rssAtStart, 0)} MB after start, ${fmt(rssAtEnd, 0)} MB at the end`,
  );
}

type BenchDatabase = Awaited<ReturnType<typeof openBenchDatabase>>;

/** A pino line, or undefined for anything else the bot's node prints (such as --trace-gc). */
function parseLogLine(
  line: string,
): { msg?: string; what?: string; ms?: number; level?: number } | undefined {
  try {
    return JSON.parse(line) as { msg?: string; what?: string; ms?: number; level?: number };
  } catch {
    return undefined;
  }
}

/** CPU used so far by each PostgreSQL backend serving the bench database, by pid. */
async function postgresCpu(database: BenchDatabase): Promise<Map<number, number>> {
  const rows = (await database.db.execute(
    sql`select pid from pg_stat_activity where datname = current_database()`,
  )) as unknown as { pid: number }[];
  return new Map(rows.map(({ pid }) => [pid, cpuMs(pid)]));
}

function sumCpu(after: Map<number, number>, before: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

const cpuTotal = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

async function countOf(database: BenchDatabase, query: SQL): Promise<number> {
  const rows = (await database.db.execute(query)) as unknown as { n: number }[];
  return rows[0]!.n;
}

interface Sent {
  handle: InteractionHandle;
  valid: boolean;
  /** Milliseconds to the callback, or null when none came. */
  answered: Promise<number | null>;
}

/** Sends on a fixed schedule for `duration` seconds, whatever the replies do; `late`: how far each send slipped. */
async function runAtRate(send: () => Sent, duration: number): Promise<{ sent: Sent[]; late: number[] }> {
  const total = Math.round(rate * duration);
  const sent: Sent[] = [];
  const late: number[] = [];
  const started = performance.now();
  while (sent.length < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - started) / 1000) * rate) + 1);
    while (sent.length < due) {
      late.push(now - (started + (sent.length / rate) * 1000));
      sent.push(send());
    }
    await pause(Math.max(0, started + (sent.length / rate) * 1000 - performance.now()));
  }
  return { sent, late };
}

/**
 * Servers in a few time zones, a quarter of members with a zone of their own, and `historyDays` days
 * of logs for everyone (on about 70% of days) with the roll-ups and streak records /log keeps.
 */
async function seedHistory(database: BenchDatabase, places: Place[]) {
  const { db } = database;
  const guildIds = [...new Set(places.map((p) => p.guildId))];
  await db
    .insert(servers)
    .values(guildIds.map((guildId, g) => ({ guildId, timeZone: zones[g % zones.length]! })));
  for (let i = 0; i < places.length; i += 5000) {
    await db.insert(memberRows).values(
      places.slice(i, i + 5000).map((place, k) => ({
        guildId: place.guildId,
        userId: place.user.id,
        timeZone: (i + k) % 4 === 0 ? zones[(i + k) % zones.length]! : null,
      })),
    );
  }
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local statement_timeout = 0`);
    await tx.execute(sql`
      insert into exercise_logs (guild_id, user_id, exercise, amount, logged_at, local_day, source)
      select m.guild_id, m.user_id,
             (array['pushups','situps','squats','superman','static-back','walk','calf-stretch'])[1 + (n + d) % 7],
             case when (n + d) % 7 < 3 then 10 + (n * 7 + d) % 30 else 60 + ((n * 13 + d) % 20) * 30 end,
             now() - d * interval '1 day', current_date - d, 'command'
      from (select guild_id, user_id, row_number() over (order by guild_id, user_id) as n from members) m,
           generate_series(1, ${historyDays}) d
      where (n * 7 + d * 3) % 10 < 7`);
    await buildAllRollups(tx);
    // A rough streak record; the bot rewrites it from the member's days with their first log.
    await tx.execute(sql`
      update members set streak_run = 2, streak_last_day = current_date - 1, best_streak = 5,
             best_streak_day = current_date - 10`);
  });
  // As autovacuum would have left a long-lived database: statistics, and the visibility map for index-only scans.
  await db.execute(sql`vacuum analyze`);
}
