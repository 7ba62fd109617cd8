import { Events, type Client, type ClientOptions } from 'discord.js';
import { systemClock, type Clock } from './core/clock.js';
import type { ShardSet } from './core/shards.js';
import type { Database } from './db/client.js';
import { createDiscordClient } from './discord/client.js';
import { createChannelDirectory } from './discord/channel-directory.js';
import { createHoldMessenger } from './discord/hold-messenger.js';
import { createReminderSender } from './discord/reminder-sender.js';
import { createVoiceFollower } from './discord/voice-follower.js';
import { commands } from './discord/commands/index.js';
import { createInteractionRouter } from './discord/interaction-router.js';
import { registerCommands } from './discord/register-commands.js';
import { runInBackground, silentLogger, type Logger } from './logger.js';
import { checkHealth, type Health } from './ops/health.js';
import { noMetrics, type Metrics } from './shared/metrics.js';
import { countsAsInvalid, createInvalidRequestBrake } from './shared/request-brake.js';
import { createHoldTimer, type HoldTimer } from './scheduler/hold-timer.js';
import { createRateLimiter } from './shared/rate-limiter.js';
import { createReminderDispatcher, type ReminderDispatcher } from './scheduler/reminder-dispatcher.js';
import { createServerPurge, type ServerPurge } from './scheduler/server-purge.js';
import { createRepositories, createServices, type Services } from './services/index.js';
import { createReminderFireService } from './services/reminder-fires.js';

/** Scheduled sends stay a little under Discord's global 50 a second, leaving room for members' commands. */
const scheduledSendsPerSecond = 48;

export interface AlignOptions {
  token: string;
  database: Database;
  /** Register commands to this guild only (instant updates while developing). */
  devGuildId?: string | undefined;
  /** Another Discord API base, such as the sandbox's. */
  apiUrl?: string | undefined;
  clock?: Clock;
  logger?: Logger;
  clientOptions?: Partial<ClientOptions>;
  /** How many commands a member may run in a burst and per window (default 5 per 10 s). */
  commandRate?: { burst: number; windowMs: number };
  /** 'manual': nothing runs on its own; a test moves its clock and calls `holdTimer.runDue()`. */
  timers?: 'auto' | 'manual';
  /**
   * The shards this process runs (its guilds' events, and the timers of their holds); by default one
   * shard for everything. Scheduled posts are claimed through the database whatever the shards.
   */
  shards?: ShardSet | undefined;
  /** Where command latency, scheduler lateness, Discord's 429s and running holds are recorded; by default nowhere. */
  metrics?: Metrics;
  /** 401/403/429 answers in 10 minutes past which optional work pauses (default 2,000). */
  invalidRequestBudget?: number | undefined;
}

export interface Align {
  readonly client: Client;
  readonly services: Services;
  readonly holdTimer: HoldTimer;
  readonly reminderDispatcher: ReminderDispatcher;
  /** Whether the gateway is ready and the database answers, for /healthz. */
  health(): Promise<Health>;
  readonly serverPurge: ServerPurge;
  start(): Promise<void>;
  /**
   * Stops in the order that loses nothing: no more claiming of scheduled work and no new commands,
   * then what is in flight finishes, then `beforeDisconnect` (the process closes its database pool
   * there), then the gateway.
   */
  stop(options?: { beforeDisconnect?: () => Promise<void> }): Promise<void>;
}

/** The composition root: every collaborator of the running bot is built and wired here, and only here. */
export function createAlign(options: AlignOptions): Align {
  const logger = options.logger ?? silentLogger;
  // Each part logs as itself, so a line says where it came from without a prefix in every message.
  const log = {
    app: logger.child({ component: 'app' }),
    holds: logger.child({ component: 'holds' }),
    router: logger.child({ component: 'router' }),
    voice: logger.child({ component: 'voice' }),
    reminders: logger.child({ component: 'reminders' }),
    purge: logger.child({ component: 'purge' }),
    discord: logger.child({ component: 'discord' }),
  };
  const metrics = options.metrics ?? noMetrics;
  const clock = options.clock ?? systemClock;
  const brake = createInvalidRequestBrake({
    now: () => clock.now().getTime(),
    budget: options.invalidRequestBudget,
    onChange: (engaged, count) =>
      engaged
        ? log.discord.warn(
            { refusedInTenMinutes: count },
            'Discord refused many requests: pausing retries and other work that can wait',
          )
        : log.discord.info({ refusedInTenMinutes: count }, 'refused requests are down again: resuming'),
  });
  const client = createDiscordClient({
    apiUrl: options.apiUrl,
    shards: options.shards,
    overrides: options.clientOptions,
    brake,
  });
  const repositories = createRepositories({ db: options.database.db });
  const services = createServices({
    db: options.database.db,
    clock,
    repositories,
    holdMessenger: createHoldMessenger(client),
    channels: createChannelDirectory(client),
    onHoldError: (error) => log.holds.error({ err: error }, 'hold step failed'),
    onHoldStarted: () => holdTimer.poke(),
    metrics,
    brake,
  });
  const interactions = createInteractionRouter({
    commands,
    services,
    logger: log.router,
    commandRate: options.commandRate,
    metrics,
  });
  const holdTimer = createHoldTimer({ holds: services.holds, logger: log.holds, shards: options.shards });
  const voice = createVoiceFollower({ services, logger: log.voice });
  const scheduledSends = createRateLimiter(scheduledSendsPerSecond);
  const reminderDispatcher = createReminderDispatcher({
    reminders: repositories.reminders,
    fires: createReminderFireService({
      reminders: repositories.reminders,
      logs: repositories.logs,
      settings: repositories.settings,
      holds: services.holds,
      sender: createReminderSender(client, services),
      departures: services.departures,
      limiter: scheduledSends,
      clock,
      logger: log.reminders,
      metrics,
    }),
    limiter: scheduledSends,
    clock,
    logger: log.reminders,
    brake,
  });

  const serverPurge = createServerPurge({
    privacy: services.privacy,
    leases: repositories.reminders,
    clock,
    logger: log.purge,
  });
  const serversPresent = (guildIds: string[]) =>
    runInBackground(
      log.app,
      'could not record the servers',
      () => services.privacy.serversPresent(guildIds),
      {
        level: 'warn',
        guildIds,
      },
    );

  client.on(Events.InteractionCreate, (interaction) => void interactions.route(interaction));
  // Joined, or added back before the purge: whatever was pending for the server is called off.
  client.on(Events.GuildCreate, (guild) => void serversPresent([guild.id]));
  client.on(Events.GuildDelete, (guild) => {
    // discord.js reports an outage as GuildUnavailable; a deleted guild that is available was a removal.
    if (!guild.available) return;
    void runInBackground(
      log.app,
      'could not record the removal',
      () => services.privacy.serverRemoved(guild.id),
      {
        level: 'warn',
        guildId: guild.id,
      },
    );
  });
  client.on(Events.VoiceStateUpdate, (before, after) => void voice.followVoice(before, after));
  // A server back after a new session or an outage: voice may have changed while no events came.
  client.on(Events.GuildAvailable, (guild) => void voice.resyncVoice(guild));
  client.on(Events.Error, (error) => log.discord.error({ err: error }, 'discord client error'));
  metrics.countHoldsRunningWith(() => services.holds.countRunning());
  metrics.showBrakeWith(() => brake.engaged);
  if (options.metrics) {
    // Only responses show real 429s ('rateLimited' also fires when discord.js merely waits for a bucket);
    // a listener here makes discord.js copy each response, so there is none when nothing is recorded.
    client.rest.on('response', (request, response) => {
      const scope = response.headers.get('x-ratelimit-scope');
      if (response.status === 429) {
        metrics.discordRateLimited(`${request.method.toUpperCase()} ${request.route}`, scope ?? 'user');
      }
      if (countsAsInvalid(response.status, scope)) metrics.discordRefused(response.status);
    });
  }

  return {
    client,
    services,
    holdTimer,
    reminderDispatcher,
    health: () => checkHealth({ client, db: options.database.db }),
    serverPurge,
    async start() {
      const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
      await client.login(options.token);
      const readyClient = await ready;
      // Servers that re-invited the bot while it was down send no GuildCreate; they are in this list.
      await serversPresent([...readyClient.guilds.cache.keys()]);
      // A restart mid-hold: whoever left or entered its voice channel while the bot was down.
      const withVoiceHolds = await services.holds.serversWithVoiceHolds().catch((error: unknown) => {
        log.voice.warn({ err: error }, 'could not compare the holds with voice after the start');
        return new Set<string>();
      });
      for (const guild of readyClient.guilds.cache.values()) {
        if (withVoiceHolds.has(guild.id)) await voice.resyncVoice(guild);
        else voice.rememberVoice(guild);
      }
      await registerCommands({
        rest: client.rest,
        applicationId: readyClient.application.id,
        guildId: options.devGuildId,
      });
      if (options.timers !== 'manual') {
        holdTimer.start();
        reminderDispatcher.start();
        serverPurge.start();
      }
      log.app.info(
        { user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, commands: commands.length },
        'Align is online',
      );
    },
    async stop({ beforeDisconnect } = {}) {
      await Promise.all([
        reminderDispatcher.stop(),
        serverPurge.stop(),
        holdTimer.stop(),
        interactions.stopAccepting(),
      ]);
      await beforeDisconnect?.();
      await client.destroy();
    },
  };
}
