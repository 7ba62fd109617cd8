import { monitorEventLoopDelay } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import { holdSessions } from '../src/db/schema.js';
import { DiscordSandbox } from '@align/discord-sandbox';
import { holdRules } from '../src/services/holds.js';
import {
  fmt,
  freePort,
  histogramSummary,
  openBenchDatabase,
  percentile,
  requestRate,
  spawnBot,
} from './support.js';

const holdCount = Number(process.env.BENCH_HOLDS ?? 200);
const perHold = Number(process.env.BENCH_HOLD_PARTICIPANTS ?? 10);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * 200 group holds of 10 members each in one bot process, against the sandbox (which enforces Discord's
 * rate limits): how late each hold's end reaches Discord, and how many REST calls per second holds make.
 */
export async function benchHolds(): Promise<void> {
  const sandbox = await DiscordSandbox.start({ replyTimeoutMs: 60_000 });
  const database = await openBenchDatabase();
  const owner = sandbox.addUser({ username: 'owner' });
  const users = Array.from({ length: holdCount * perHold }, (_, i) =>
    sandbox.addUser({ username: `member${i}` }),
  );
  // A server allows holdRules.maxOpenPerServer holds at once, so the holds are spread over enough servers.
  const perGuild = holdRules.maxOpenPerServer;
  const rooms = Array.from({ length: Math.ceil(holdCount / perGuild) }, (_, g) => {
    const guild = sandbox.createGuild({
      name: `Bench ${g}`,
      owner,
      members: users.slice(g * perGuild * perHold, (g + 1) * perGuild * perHold),
      channels: Array.from({ length: perGuild }, (_, i) => ({ name: `room-${i}`, type: 'text' as const })),
    });
    return sandbox.channels(guild).map((room) => ({ guild, room }));
  })
    .flat()
    .slice(0, holdCount);

  const metricsPort = await freePort();
  const bot = await spawnBot({
    apiUrl: sandbox.apiUrl,
    databaseUrl: database.url,
    ready: () => sandbox.registeredCommands().length > 0,
    env: { HTTP_PORT: String(metricsPort) },
  });
  const endSeen = new Map<string, number>();
  sandbox.on('message', (message, change) => {
    if (change === 'created' && message.content.includes('Well held'))
      endSeen.set(message.channelId, Date.now());
  });

  const began = Date.now();
  // Holds are started over a few seconds (80 a second), as members in many servers would.
  const starts: Promise<unknown>[] = [];
  for (const [i, { guild, room }] of rooms.entries()) {
    starts.push(
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
    );
    if (starts.length % 20 === 0) await pause(250);
  }
  await Promise.all(starts);
  const opened = Date.now() - began;

  // Members join over the lobby minute, about 200 a second.
  const sessions = await database.db.select().from(holdSessions).where(eq(holdSessions.status, 'open'));
  const clicks: Promise<unknown>[] = [];
  for (const session of sessions) {
    const i = rooms.findIndex(({ room }) => room.id === session.originChannelId);
    const live = sandbox.messages(session.holdChannelId!).find((m) => m.embeds.length > 0)!;
    for (let k = 1; k < perHold; k++) {
      clicks.push(
        sandbox.clickButton({ message: live, label: 'Join', user: users[i * perHold + k]! }).reply(),
      );
      if (clicks.length % 50 === 0) await pause(250);
    }
  }
  await Promise.all(clicks);
  const joined = Date.now() - began;

  // The sandbox runs in this process: its own lag while the holds end is part of what "received" measures.
  const sandboxLag = monitorEventLoopDelay({ resolution: 10 });
  sandboxLag.enable();
  const lastEnd = Math.max(...sessions.map((s) => s.endsAt.getTime()));
  while (endSeen.size < sessions.length && Date.now() < lastEnd + 30_000) await pause(250);
  const drifts = sessions.flatMap((session) => {
    const seen = endSeen.get(session.holdChannelId!);
    return seen === undefined ? [] : [seen - session.endsAt.getTime()];
  });

  sandboxLag.disable();
  // The timer's own drift, as the bot records it: from each hold's scheduled end to its end committed
  // (credits written). Discord then receives the announcement as its global 50/s allows.
  const metricsText = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const timer = histogramSummary(metricsText, 'align_scheduler_lateness_seconds', { work: 'hold-end' });
  const all = sandbox.requests.filter((r) => r.at >= began);
  // Interaction callbacks and interaction webhooks don't count against Discord's global limit.
  const isInteraction = (r: { route: string }) =>
    r.route.includes('/interactions/') || r.route.includes('/webhooks/');
  const botCalls = requestRate(all, (r) => !isInteraction(r));
  const edits = requestRate(all, (r) => r.route === 'PATCH /channels/:channel/messages/:message');
  const firstEnd = Math.min(...sessions.map((s) => s.endsAt.getTime()));
  const whileEnding = all.filter((r) => r.at >= firstEnd && r.at <= lastEnd + 5_000);
  const endingRoutes = new Map<string, number>();
  for (const r of whileEnding) endingRoutes.set(r.route, (endingRoutes.get(r.route) ?? 0) + 1);
  const byRoute = new Map<string, number>();
  for (const r of all) byRoute.set(r.route, (byRoute.get(r.route) ?? 0) + 1);
  const rss = bot.rssMb();
  await bot.stop();
  await sandbox.stop();
  await database.close();

  console.log(
    `\n## Holds: ${sessions.length} concurrent holds × ${perHold} members in one bot process, ${database.label}`,
  );
  console.log(
    `opened all holds in ${fmt(opened / 1000)} s; all ${clicks.length} joins answered after ${fmt(joined / 1000)} s`,
  );
  console.log(`ends announced: ${drifts.length}/${sessions.length}`);
  console.log(
    `sandbox event-loop delay while the holds ran: p50 ${fmt(sandboxLag.percentile(50) / 1e6, 0)} ms · p99 ${fmt(sandboxLag.percentile(99) / 1e6, 0)} ms · max ${fmt(sandboxLag.max / 1e6, 0)} ms`,
  );
  console.log(
    `timer drift at the end (end committed with its credits − scheduled end, ${timer.count} holds, from the bot's histogram): mean ${fmt(timer.mean * 1000, 0)} ms · p50 ≤ ${timer.p50 * 1000} ms · p99 ≤ ${timer.p99 * 1000} ms · max ≤ ${timer.max * 1000} ms (target: p99 under 1 s)`,
  );
  console.log(
    `delivery of the end (announcement received by Discord − scheduled end): p50 ${fmt(percentile(drifts, 50), 0)} ms · p99 ${fmt(percentile(drifts, 99), 0)} ms · max ${fmt(Math.max(...drifts), 0)} ms`,
  );
  console.log(
    `REST calls under the global limit: ${botCalls.total}, peak ${botCalls.peakPerSecond}/s, mean ${fmt(botCalls.meanPerSecond)}/s (Discord's limit: 50/s)`,
  );
  console.log(
    `live-message edits: ${edits.total}, peak ${edits.peakPerSecond}/s, mean ${fmt(edits.meanPerSecond)}/s`,
  );
  console.log(
    `while the holds ended (${fmt((lastEnd - firstEnd) / 1000)} s from first to last end, and 5 s after): ${[...endingRoutes].map(([route, n]) => `${route} ×${n}`).join(' · ')}`,
  );
  console.log(`by route: ${[...byRoute].map(([route, n]) => `${route} ×${n}`).join(' · ')}`);
  console.log(`429 answers: ${sandbox.stats.rateLimited} · bot process resident memory ${fmt(rss, 0)} MB`);
}
