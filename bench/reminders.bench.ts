import { count, isNull } from 'drizzle-orm';
import { reminderFires, reminders } from '../src/db/schema.js';
import { DiscordSandbox } from '@align/discord-sandbox';
import { createFirePlanner } from '../src/scheduler/reminder-dispatcher.js';
import { createRemindersRepository } from '../src/services/reminders.repository.js';
import { fmt, openBenchDatabase, requestRate, spawnBot, type BotProcess } from './support.js';

const total = Number(process.env.BENCH_REMINDERS ?? 10_000);
const channelsPerGuild = 500;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * 10,000 reminders due in the same minute, delivered to the sandbox (which enforces Discord's limits):
 * database time to claim them, time to deliver them all, 429s and memory; with one bot process and with two.
 */
export async function benchReminders(): Promise<void> {
  // BENCH_REMINDER_BOTS=0 measures the claims alone.
  const bots = process.env.BENCH_REMINDER_BOTS === '0' ? [0] : [1, 2];
  for (const count of bots) await run(count);
}

async function run(botCount: number): Promise<void> {
  const sandbox = await DiscordSandbox.start();
  const database = await openBenchDatabase();
  const owner = sandbox.addUser({ username: 'owner' });
  const channels = Array.from({ length: Math.ceil(total / channelsPerGuild) }, (_, g) => {
    const guild = sandbox.createGuild({
      name: `Bench ${g}`,
      owner,
      members: [],
      channels: Array.from({ length: channelsPerGuild }, (_, i) => ({
        name: `c${i}`,
        type: 'text' as const,
      })),
    });
    return sandbox.channels(guild).map((channel) => ({ guildId: guild.id, channelId: channel.id }));
  })
    .flat()
    .slice(0, total);

  const seed = async (fireAt: Date) => {
    await database.db.delete(reminders);
    for (let i = 0; i < channels.length; i += 1000) {
      await database.db.insert(reminders).values(
        channels.slice(i, i + 1000).map(({ guildId, channelId }, k) => ({
          guildId,
          ownerId: owner.id,
          kind: 'server' as const,
          number: i + k + 1,
          channelId,
          cron: `${fireAt.getUTCMinutes()} ${fireAt.getUTCHours()} * * *`,
          timeZone: 'UTC',
          scheduleWords: 'every day',
          message: 'Evening stretch',
          nextFireAt: fireAt,
        })),
      );
    }
  };

  // 1. Database time alone: claim all of them in the dispatcher's batches, sending nothing.
  const justNow = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  await seed(justNow);
  const repository = createRemindersRepository({ db: database.db });
  let claimMs = 0;
  let claimed = 0;
  let batches = 0;
  for (;;) {
    const now = new Date();
    const started = performance.now();
    const batch = await repository.claimDue({
      now,
      limit: 500,
      holder: 'bench',
      plan: createFirePlanner(now),
    });
    claimMs += performance.now() - started;
    if (batch.length === 0) break;
    claimed += batch.length;
    batches++;
  }

  if (botCount === 0) {
    await sandbox.stop();
    await database.close();
    console.log(`\n## Reminder claims: ${total} due, ${database.label}`);
    console.log(
      `database time to claim all ${claimed}: ${fmt(claimMs, 0)} ms in ${batches} batches of up to 500`,
    );
    return;
  }

  // 2. Delivery by real bot processes, on a fresh set due at the start of the next minute.
  await database.db.delete(reminderFires);
  const firstFire = new Date(Math.ceil((Date.now() + 25_000) / 60_000) * 60_000);
  await seed(firstFire);
  const bots: BotProcess[] = [];
  for (let b = 0; b < botCount; b++) {
    const sessionsBefore = sandbox.sessions.length;
    bots.push(
      await spawnBot({
        apiUrl: sandbox.apiUrl,
        databaseUrl: database.url,
        ready: () => sandbox.sessions.length > sessionsBefore,
      }),
    );
  }
  let delivered = 0;
  let lastDelivery = 0;
  let peakRss = 0;
  sandbox.on('message', (message, change) => {
    if (change === 'created' && message.content.includes('Evening stretch')) {
      delivered++;
      lastDelivery = Date.now();
    }
  });
  while (delivered < total && Date.now() < firstFire.getTime() + 600_000) {
    await pause(1000);
    peakRss = Math.max(peakRss, ...bots.map((bot) => bot.rssMb()));
  }
  await pause(3000);
  const [fires] = await database.db.select({ n: count() }).from(reminderFires);
  const [unsettled] = await database.db
    .select({ n: count() })
    .from(reminderFires)
    .where(isNull(reminderFires.outcome));
  const sends = requestRate(
    sandbox.requests.filter((r) => r.at >= firstFire.getTime()),
    (r) => r.route === 'POST /channels/:channel/messages',
  );
  for (const bot of bots) await bot.stop();
  await sandbox.stop();
  await database.close();

  const seconds = (lastDelivery - firstFire.getTime()) / 1000;
  const floor = total / 50;
  console.log(
    `\n## Reminders: ${total} due in the same minute, ${botCount} bot process${botCount > 1 ? 'es' : ''}, ${database.label}`,
  );
  console.log(
    `database time to claim all ${claimed}: ${fmt(claimMs, 0)} ms in ${batches} batches of up to 500`,
  );
  console.log(`delivered ${delivered}/${total} messages (${fires?.n} fire rows, ${unsettled?.n} unsettled)`);
  console.log(
    `all delivered ${fmt(seconds)} s after the fire instant; the floor at 50/s is ${fmt(floor, 0)} s (${fmt((seconds / floor - 1) * 100)}% above it)`,
  );
  console.log(
    `message sends: peak ${sends.peakPerSecond}/s, mean ${fmt(sends.meanPerSecond)}/s · 429 answers: ${sandbox.stats.rateLimited}`,
  );
  console.log(`peak resident memory of a bot process: ${fmt(peakRss, 0)} MB`);
}
