import {
  DiscordSandbox,
  type SandboxGuild,
  type SandboxMessage,
  type SandboxOptions,
  type SandboxUser,
  parseRestLatency,
  type RestLatency,
} from '@align/discord-sandbox';
import { afterEach, expect } from 'vitest';
import { createAlign, type Align, type AlignOptions } from '../../src/app.js';
import type { ShardSet } from '../../src/core/shards.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import type { Metrics } from '../../src/shared/metrics.js';
import { alignSandboxOptions } from '../../src/sandbox/back-room.js';
import { createTestClock, type TestClock } from './clock.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface Harness {
  sandbox: DiscordSandbox;
  align: Align;
  database: TestDatabase;
  clock: TestClock;
  guild: SandboxGuild;
  members: { admin: SandboxUser; alice: SandboxUser; bob: SandboxUser; carol: SandboxUser };
  /** Runs a command line such as `/log pushups 30` as a member and waits for the visible reply. */
  run(line: string, as: SandboxUser, channelId?: string): Promise<SandboxMessage>;
  /** Stops the bot and starts a new one on the same database and sandbox, as a restart would; `whileDown` runs between. */
  restart(whileDown?: () => void): Promise<void>;
  /** A second bot process on the same database (its own connection on PostgreSQL) and sandbox. */
  startSecondBot(bot?: { shards?: ShardSet }): Promise<Align>;
  /** Runs the reminder scheduler once, as its cron tick would, and waits for its sends. */
  tickReminders(bot?: Align): Promise<void>;
  /**
   * How many 401, 403 and 429 answers (per 10 minutes) the test may cause; Cloudflare bans an IP at
   * 10,000. A test that makes Discord refuse things on purpose raises it.
   */
  invalidRequestBudget: number;
  stop(): Promise<void>;
}

/** Everything a message shows, as one string: content, embed titles, descriptions and fields. */
export function messageText(message: SandboxMessage): string {
  const embeds = message.embeds.flatMap((embed) => [
    embed.title ?? '',
    embed.description ?? '',
    ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]),
    embed.footer?.text ?? '',
  ]);
  return [message.content, ...embeds].filter(Boolean).join('\n');
}

const token = 'sandbox-token-for-align-e2e-tests';

/**
 * The sandbox with a server called "Back Room", and Align on a migrated test database with a clock
 * the test moves. Timers are manual: a test advances the clock and calls `align.holdTimer.runDue()`.
 */
export async function startHarness(
  options: {
    sandbox?: SandboxOptions;
    clock?: TestClock;
    /** The real per-member limit; by default tests may run as many commands as they like. */
    commandRate?: { burst: number; windowMs: number };
    /** A PostgreSQL server for the test database, instead of TEST_DATABASE_URL or PGlite. */
    databaseServerUrl?: string;
    /** The bot connects to the test database through this URL instead (PostgreSQL only). */
    botDatabaseUrl?: (testDatabaseUrl: string) => string;
    /** Called for each bot started (restarts and second bots too), so each records into its own. */
    metrics?: () => Metrics;
    /** The shards the first bot runs (and runs again after a restart); by default one shard. */
    shards?: ShardSet;
    /** Register the commands to Back Room only, as DEV_GUILD_ID does. */
    devGuild?: boolean;
    /** See Harness.invalidRequestBudget; 20 by default. */
    invalidRequestBudget?: number;
    /** Passed to Align as they are (its brake on refused requests, a logger to read). */
    alignOptions?: Pick<AlignOptions, 'invalidRequestBudget' | 'logger'>;
  } = {},
): Promise<Harness> {
  // A reply or message may take a busy machine well past the sandbox's 5 s default to arrive.
  const clock = options.clock ?? createTestClock('2026-11-28T18:00:00Z');
  const sandbox = await DiscordSandbox.start({
    ...alignSandboxOptions,
    // The bot re-sends on its own clock, so Discord's memory of nonces runs on it too.
    nonceNow: () => clock.now().getTime(),
    replyTimeoutMs: 30_000,
    // `SANDBOX_REST_LATENCY=150±50 npm test` runs every e2e test at Discord's own pace.
    ...latencyFromEnvironment(),
    ...options.sandbox,
  });
  const database = await createTestDatabase(options.databaseServerUrl ?? process.env.TEST_DATABASE_URL);
  const ownConnections: Database[] = [];
  const botDatabase = async () => {
    if (!options.botDatabaseUrl || !database.url) return database;
    const own = await openDatabase({ url: options.botDatabaseUrl(database.url) });
    ownConnections.push(own);
    return own;
  };
  const admin = sandbox.addUser({ username: 'admin', globalName: 'Ada Admin' });
  const alice = sandbox.addUser({ username: 'alice', globalName: 'Alice' });
  const bob = sandbox.addUser({ username: 'bob', globalName: 'Bob' });
  const carol = sandbox.addUser({ username: 'carol', globalName: 'Carol' });
  const guild = sandbox.createGuild({ name: 'Back Room', owner: admin, members: [alice, bob, carol] });

  const extraBots: { align: Align; close: () => Promise<void> }[] = [];
  const boot = async (db?: Database, shards = options.shards) => {
    const align = createAlign({
      shards,
      token,
      database: db ?? (await botDatabase()),
      apiUrl: sandbox.apiUrl,
      clock,
      timers: 'manual',
      commandRate: options.commandRate ?? { burst: 1_000, windowMs: 1_000 },
      clientOptions: { waitGuildTimeout: 100 },
      metrics: options.metrics?.(),
      devGuildId: options.devGuild ? guild.id : undefined,
      ...options.alignOptions,
    });
    await align.start();
    return align;
  };

  const harness: Harness = {
    sandbox,
    align: await boot(),
    database,
    clock,
    guild,
    members: { admin, alice, bob, carol },
    invalidRequestBudget: options.invalidRequestBudget ?? 20,
    async run(line, as, channelId) {
      const handle = sandbox.runCommandLine(line, {
        guild,
        user: as,
        ...(channelId ? { channel: channelId } : {}),
      });
      return handle.reply();
    },
    async restart(whileDown) {
      await harness.align.stop();
      whileDown?.();
      harness.align = await boot();
    },
    async startSecondBot(bot = {}) {
      const own = database.url ? await openDatabase({ url: database.url }) : undefined;
      const align = await boot(own, bot.shards);
      extraBots.push({ align, close: async () => own?.close() });
      return align;
    },
    async tickReminders(bot = harness.align) {
      await bot.reminderDispatcher.tick();
      await bot.reminderDispatcher.drain();
    },
    async stop() {
      for (const extra of extraBots) {
        await extra.align.stop();
        await extra.close();
      }
      await harness.align.stop();
      await sandbox.stop();
      for (const own of ownConnections) await own.close();
      await database.close();
    },
  };
  return harness;
}

/**
 * Nothing the bot sent was refused by Discord's rules, hit a route the sandbox lacks, or could ping
 * everyone, and Discord's 401, 403 and 429 answers stayed within the test's budget.
 */
export function expectDiscordAcceptedEverything(h: Harness): void {
  expect(h.sandbox.rejected).toEqual([]);
  expect(h.sandbox.unimplemented).toEqual([]);
  for (const message of h.sandbox.messages()) expect(message.mentionsEveryone).toBe(false);
  const invalid = h.sandbox.invalidRequests;
  expect(
    invalid.total,
    `401/403/429 answers in 10 minutes over the test's budget of ${h.invalidRequestBudget}: ${JSON.stringify(invalid.byStatus)}`,
  ).toBeLessThanOrEqual(h.invalidRequestBudget);
}

/** For files that start a harness in each test: afterwards, check Discord accepted everything and stop it. */
export function stopHarnessAfterEach(current: () => Harness): void {
  afterEach(async () => {
    expectDiscordAcceptedEverything(current());
    await current().stop();
  });
}

function latencyFromEnvironment(): { restLatency?: RestLatency } {
  const latency = parseRestLatency(process.env.SANDBOX_REST_LATENCY);
  return latency ? { restLatency: latency } : {};
}
