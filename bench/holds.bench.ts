import { eq } from 'drizzle-orm';
import { createAlign } from '../src/app.js';
import { holdSessions } from '../src/db/schema.js';
import { DiscordSandbox } from '../src/sandbox/discord-sandbox.js';
import { fmt, openBenchDatabase, percentile, requestRate } from './support.js';

const holdCount = Number(process.env.BENCH_HOLDS ?? 200);
const perHold = Number(process.env.BENCH_HOLD_PARTICIPANTS ?? 10);

/**
 * 200 group holds of 10 members each in one process, against the sandbox (which enforces Discord's
 * rate limits): how late each hold's end reaches Discord, and how many REST calls per second holds make.
 */
export async function benchHolds(): Promise<void> {
  const sandbox = await DiscordSandbox.start({ replyTimeoutMs: 60_000 });
  const database = await openBenchDatabase();
  const owner = sandbox.addUser({ username: 'owner' });
  const users = Array.from({ length: holdCount * perHold }, (_, i) =>
    sandbox.addUser({ username: `member${i}` }),
  );
  const guild = sandbox.createGuild({
    name: 'Bench',
    owner,
    members: users,
    channels: [
      { name: 'Holds', type: 'category' },
      ...Array.from({ length: holdCount }, (_, i) => ({
        name: `room-${i}`,
        type: 'text' as const,
        parent: 'Holds',
      })),
    ],
  });
  const align = createAlign({ token: 'sandbox-bench-token-0123456789', database, apiUrl: sandbox.apiUrl });
  await align.start();

  const drifts: number[] = [];
  const endSeen = new Map<string, number>();
  sandbox.on('message', (message, change) => {
    if (change === 'created' && message.content.includes('Well held'))
      endSeen.set(message.channelId, Date.now());
  });

  const rooms = sandbox.channels(guild).filter((c) => c.name.startsWith('room-'));
  const began = Date.now();
  await Promise.all(
    rooms.map((room, i) =>
      sandbox
        .runCommand({
          guild,
          channel: room,
          user: users[i * perHold]!,
          name: 'hold',
          subcommand: 'start',
          options: { routine: 'superman', minutes: 1, starts_in: 1 },
        })
        .reply(),
    ),
  );
  const opened = Date.now() - began;
  const sessions = await database.db.select().from(holdSessions).where(eq(holdSessions.status, 'open'));
  const clicks: Promise<unknown>[] = [];
  for (const [i, session] of sessions.entries()) {
    const live = sandbox.messages(session.holdChannelId!).find((m) => m.embeds.length > 0)!;
    for (let k = 1; k < perHold; k++) {
      clicks.push(
        sandbox.clickButton({ message: live, label: 'Join', user: users[i * perHold + k]! }).reply(),
      );
    }
  }
  await Promise.all(clicks);
  const joined = Date.now() - began;

  const lastEnd = Math.max(...sessions.map((s) => s.endsAt.getTime()));
  while (endSeen.size < sessions.length && Date.now() < lastEnd + 30_000)
    await new Promise((r) => setTimeout(r, 250));
  for (const session of sessions) {
    const seen = endSeen.get(session.holdChannelId!);
    if (seen !== undefined) drifts.push(seen - session.endsAt.getTime());
  }

  const all = sandbox.requests.filter((r) => r.at >= began);
  const botCalls = requestRate(all, (r) => !r.route.includes('/interactions/'));
  const edits = requestRate(all, (r) => r.method === 'PATCH' && r.route.includes('/messages/'));
  const rss = process.memoryUsage().rss;
  await align.stop();
  await sandbox.stop();
  await database.close();

  console.log(
    `\n## Holds: ${sessions.length} concurrent holds × ${perHold} members, one process, ${database.label}`,
  );
  console.log(
    `opened all holds in ${fmt(opened / 1000)} s; all ${clicks.length} joins answered after ${fmt(joined / 1000)} s`,
  );
  console.log(`ends announced: ${drifts.length}/${sessions.length}`);
  console.log(
    `drift at the end (announcement received by Discord − scheduled end): p50 ${fmt(percentile(drifts, 50), 0)} ms · p99 ${fmt(percentile(drifts, 99), 0)} ms · max ${fmt(Math.max(...drifts), 0)} ms`,
  );
  console.log(
    `REST calls other than interaction callbacks: ${botCalls.total}, peak ${botCalls.peakPerSecond}/s, mean ${fmt(botCalls.meanPerSecond)}/s (Discord's global limit: 50/s)`,
  );
  console.log(
    `message edits: ${edits.total}, peak ${edits.peakPerSecond}/s, mean ${fmt(edits.meanPerSecond)}/s`,
  );
  console.log(`429 answers: ${sandbox.stats.rateLimited} · resident memory ${fmt(rss / 2 ** 20, 0)} MB`);
}
