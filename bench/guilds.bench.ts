import { type ChannelSeed, DiscordSandbox, type SandboxUser } from '@align/discord-sandbox';
import { type BotEntry, fmt, openBenchDatabase, spawnBot } from './support.js';

const guildCount = Number(process.env.BENCH_GUILDS ?? 1_000);
/** How long the bot sits idle once ready: V8 gives back its young generation after some 25 s of calm. */
const settleSeconds = Number(process.env.BENCH_GUILDS_SETTLE_SECONDS ?? 60);
const target = 150;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A deterministic spread of small, medium and large servers: the g-th server's shape. */
function shape(g: number) {
  const roll = (g * 7919) % 100;
  const channels = 10 + ((g * 31) % 41);
  // Most servers have nobody or a few in voice; one in twenty is a big one with a crowd.
  const inVoice = roll < 70 ? g % 4 : roll < 95 ? 5 + (g % 16) : 50 + ((g * 13) % 250);
  const roles = 5 + ((g * 17) % 26);
  return { channels, inVoice, roles };
}

function channelSeeds(count: number): ChannelSeed[] {
  const seeds: ChannelSeed[] = [];
  const categories = Math.max(1, Math.floor(count / 8));
  for (let c = 0; c < categories; c++) seeds.push({ name: `Category ${c}`, type: 'category' });
  for (let i = 0; seeds.length < count; i++) {
    const parent = `Category ${i % categories}`;
    seeds.push(
      i % 5 === 4
        ? { name: `Voice ${i}`, type: 'voice', parent }
        : { name: `chat-${i}`, type: 'text', parent },
    );
  }
  return seeds;
}

/**
 * One bot process in 1,000 servers as Discord describes them to a bot with the Guilds and GuildVoiceStates
 * intents: every GUILD_CREATE (all listed in READY, as after a restart) carries the server's channels,
 * roles, voice states, the members in voice and the bot's own member. The bot's resident memory once they
 * have all arrived and it has sat idle a while, built (`node dist/src/main.js`, needs `npm run build`) and
 * through tsx; BENCH_BOT=dist or tsx runs one of them.
 */
export async function benchGuilds(): Promise<void> {
  const entries: BotEntry[] =
    process.env.BENCH_BOT === 'tsx' ? ['tsx'] : process.env.BENCH_BOT === 'dist' ? ['dist'] : ['dist', 'tsx'];
  for (const entry of entries) await run(entry);
}

async function run(entry: BotEntry): Promise<void> {
  const sandbox = await DiscordSandbox.start({ replyTimeoutMs: 60_000 });
  const database = await openBenchDatabase();
  const owner = sandbox.addUser({ username: 'owner' });
  const totals = { channels: 0, roles: 0, inVoice: 0 };
  const seeding = performance.now();
  for (let g = 0; g < guildCount; g++) {
    const { channels, inVoice, roles } = shape(g);
    // The sandbox gives every member a role of their own: members who are not in voice stand for the
    // server's roles (Discord leaves them out of GUILD_CREATE without the GuildMembers intent).
    const roleHolders = Array.from({ length: roles }, (_, r) =>
      sandbox.addUser({ username: `role-${g}-${r}` }),
    );
    const voiceMembers: SandboxUser[] = Array.from({ length: inVoice }, (_, m) =>
      sandbox.addUser({ username: `voice-${g}-${m}`, globalName: `Member ${m} of server ${g}` }),
    );
    const guild = sandbox.createGuild({
      name: `Server ${g}`,
      owner,
      members: [...roleHolders, ...voiceMembers],
      channels: channelSeeds(channels),
    });
    const voiceChannels = sandbox.channels(guild).filter((channel) => channel.type === 2);
    voiceMembers.forEach((user, m) =>
      sandbox.joinVoice(user, guild, voiceChannels[m % voiceChannels.length]!),
    );
    totals.channels += channels;
    totals.roles += sandbox.guild(guild).roles.size;
    totals.inVoice += inVoice;
  }
  const seeded = performance.now() - seeding;

  const started = performance.now();
  const bot = await spawnBot({
    apiUrl: sandbox.apiUrl,
    databaseUrl: database.url,
    ready: () => sandbox.registeredCommands().length > 0,
    entry,
    collectableGarbage: true,
  });
  const readyAfter = performance.now() - started;
  const samples: { at: number; rss: number }[] = [{ at: 0, rss: bot.rssMb() }];
  for (let s = 5; s <= settleSeconds; s += 5) {
    await pause(5_000);
    samples.push({ at: s, rss: bot.rssMb() });
  }
  const rss = samples.at(-1)!.rss;
  await bot.collectGarbage();
  const rssAfterGc = bot.rssMb();
  const events = sandbox.sessions.reduce((sum, session) => sum + session.seq, 0);
  await bot.stop();
  await sandbox.stop();
  await database.close();

  console.log(
    `\n## Guilds: one bot process (${entry === 'dist' ? '`node dist/src/main.js`' : '`node --import tsx src/main.ts`'}) in ${guildCount} servers, ${database.label}`,
  );
  console.log(
    `seeded in ${fmt(seeded / 1000)} s: ${totals.channels} channels, ${totals.roles} roles, ${totals.inVoice} members in voice`,
  );
  console.log(
    `logged in, received every server (${events} gateway events) and registered its commands in ${fmt(readyAfter / 1000)} s`,
  );
  console.log(
    `resident memory after ready: ${samples.map(({ at, rss }) => `${at} s ${fmt(rss, 0)} MB`).join(' · ')}; then after a forced full garbage collection ${fmt(rssAfterGc, 0)} MB`,
  );
  console.log(`  target: under ${target} MB after ${settleSeconds} s ${rss < target ? '✓' : '✗'}`);
  console.log(
    '  not modelled: emojis, stickers, active threads and permission overwrites (the sandbox sends none)',
  );
}
