import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CommandStore, type SandboxCommand } from './commands.js';
import type { SandboxContext } from './context.js';
import { Gateway, type GatewaySession } from './gateway.js';
import { type InteractionHandle, InteractionRegistry } from './interactions.js';
import {
  type AutocompleteInput,
  type ClickInput,
  type CommandPlace,
  type GuildRef,
  MemberActions,
  type ChannelRef,
  type RunCommandInput,
  type SelectInput,
  type UserRef,
} from './member-actions.js';
import { type MessageChange, MessageStore } from './messages.js';
import { channelJson, memberJson, roleJson, userJson, voiceStateJson } from './payloads.js';
import { channelPermissions } from './permissions.js';
import { type RateLimitOptions, RateLimits } from './rate-limits.js';
import {
  describeFieldErrors,
  type InvalidRequests,
  type LoggedRequest,
  type RejectedRequest,
  RestServer,
  type RestLatency,
  type RestStats,
} from './rest-server.js';
import { applicationRoutes } from './routes/application.js';
import { channelRoutes } from './routes/channels.js';
import { guildRoutes } from './routes/guilds.js';
import { interactionRoutes } from './routes/interactions.js';
import { APPLICATION_ID, createIdGenerator } from './snowflakes.js';
import { type RenderContext, renderMessage, summarizeMessage } from './transcript.js';
import {
  ChannelKind,
  type ChannelSeed,
  type PermissionOverwrite,
  type SandboxChannel,
  type SandboxGuild,
  type SandboxMessage,
  type SandboxUser,
  World,
} from './world.js';

export interface SandboxOptions {
  /** The bot's username, which discord.js reads as client.user.username; "sandbox-bot" by default. */
  botName?: string;
  /** The channels createGuild makes when given none; Discord's default template ("general" and "General") if unset. */
  defaultChannels?: readonly ChannelSeed[];
  /** 0 (default) picks a free port. */
  port?: number;
  rateLimits?: RateLimitOptions;
  /**
   * 401, 403 and 429 answers in 10 minutes past which every request gets a 429 until the count falls,
   * as Cloudflare bans the IP address (10,000 by default, docs/topics/rate-limits.mdx).
   */
  invalidRequestLimit?: number;
  /** Time every REST request takes before Discord handles it; none by default. */
  restLatency?: RestLatency;
  /** Discord invalidates an interaction that gets no callback within 3 s. */
  interactionDeadlineMs?: number;
  /** Interaction tokens (edits, follow-ups) work for 15 minutes. */
  tokenLifetimeMs?: number;
  /** How long an enforced nonce is remembered ("a few minutes" on Discord); 2 minutes by default. */
  nonceWindowMs?: number;
  /**
   * The clock that window runs on, `now` by default. A bot on a test clock passes that clock, so a
   * re-send "three minutes later" is three minutes later for the nonce too.
   */
  nonceNow?: () => number;
  /** The clock behind snowflakes, deadlines, token lifetimes and rate-limit windows. */
  now?: () => number;
  /** Shard count that GET /gateway/bot recommends. */
  shards?: number;
  maxConcurrency?: number;
  /** Discord refuses privileged intents (GuildMembers, GuildPresences, MessageContent) unless enabled. */
  allowPrivilegedIntents?: boolean;
  /** Default wait of InteractionHandle.response() and waitForMessage(). */
  replyTimeoutMs?: number;
  /** Discord uses 41.25 s; tests can shorten it. */
  heartbeatIntervalMs?: number;
}

export type ChannelChange = 'created' | 'updated' | 'deleted';

export interface SandboxEvents {
  message: (message: SandboxMessage, change: MessageChange) => void;
  /** Channels and threads the bot created, edited or deleted. */
  channel: (channel: SandboxChannel, change: ChannelChange) => void;
  request: (request: LoggedRequest) => void;
}

export type {
  AutocompleteInput,
  ChannelRef,
  ClickInput,
  CommandOptions,
  CommandPlace,
  GuildRef,
  RunCommandInput,
  SelectInput,
  UserRef,
} from './member-actions.js';
export type { AutocompleteChoice, InteractionHandle } from './interactions.js';
export type { MessageChange } from './messages.js';
export type { SandboxCommand, SandboxCommandOption } from './commands.js';
export type { SandboxChannel, SandboxGuild, SandboxMessage, SandboxUser } from './world.js';

const FIFTEEN_MINUTES = 15 * 60_000;

/** A local stand-in for Discord's gateway and REST API that an unmodified discord.js Client connects to. */
export class DiscordSandbox {
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly applicationId = APPLICATION_ID;
  private readonly rest: RestServer;
  private readonly members: MemberActions;
  private readonly world: World;
  private readonly replyTimeoutMs: number;
  private readonly removedGuilds = new Map<string, SandboxGuild>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly ctx: SandboxContext,
    options: SandboxOptions,
  ) {
    this.apiUrl = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}`;
    this.world = ctx.world;
    this.replyTimeoutMs = options.replyTimeoutMs ?? 5000;
    this.members = new MemberActions(ctx, this.replyTimeoutMs);
    const routes = [
      ...applicationRoutes(ctx),
      ...interactionRoutes(ctx),
      ...channelRoutes(ctx),
      ...guildRoutes(ctx),
    ];
    this.rest = new RestServer(
      routes,
      ctx.limits,
      ctx.now,
      (request, logged, error) => {
        // Refusals about an interaction are kept with it, so a missing reply can be explained.
        const pending = request.params.token ? ctx.interactions.get(request.params.token) : undefined;
        if (pending && error) {
          const details = describeFieldErrors(error.errors);
          pending.problems.push(
            `${logged.route} → ${logged.status} ${error.code} ${error.message}${details ? `: ${details}` : ''}`,
          );
          pending.changed();
        }
        ctx.events.emit('request', logged);
      },
      options.restLatency,
      options.invalidRequestLimit,
    );
    server.on('request', (req, res) => {
      this.rest.handle(req, res).catch((error: unknown) => {
        console.error('sandbox: request failed', error);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: '500: Internal Server Error', code: 0 }));
      });
    });
  }

  static async start(options: SandboxOptions = {}): Promise<DiscordSandbox> {
    const now = options.now ?? Date.now;
    const nextId = createIdGenerator(now);
    const server = createServer({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const gatewayUrl = `ws://127.0.0.1:${port}`;
    const world = new World(nextId, now, options.botName ?? 'sandbox-bot', options.defaultChannels);
    const gateway = new Gateway(server, {
      world,
      now,
      resumeUrl: () => gatewayUrl,
      allowPrivilegedIntents: options.allowPrivilegedIntents ?? false,
      maxConcurrency: options.maxConcurrency ?? 1,
      ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
    });
    const events = new EventEmitter().setMaxListeners(100);
    const ctx: SandboxContext = {
      world,
      gateway,
      messages: new MessageStore(
        world,
        gateway,
        nextId,
        now,
        events,
        options.nonceWindowMs ?? 2 * 60_000,
        options.nonceNow ?? now,
      ),
      commands: new CommandStore(nextId),
      interactions: new InteractionRegistry(options.tokenLifetimeMs ?? FIFTEEN_MINUTES),
      limits: new RateLimits(options.rateLimits),
      now,
      nextId,
      settings: {
        interactionDeadlineMs: options.interactionDeadlineMs ?? 3000,
        tokenLifetimeMs: options.tokenLifetimeMs ?? FIFTEEN_MINUTES,
        shards: options.shards ?? 1,
        maxConcurrency: options.maxConcurrency ?? 1,
        gatewayUrl: () => gatewayUrl,
      },
      events,
    };
    return new DiscordSandbox(server, port, ctx, options);
  }

  async stop(): Promise<void> {
    await this.ctx.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get botUser(): SandboxUser {
    return this.world.botUser;
  }

  addUser(seed: { username: string; globalName?: string }): SandboxUser {
    return this.world.addUser(seed);
  }

  /** A user by object, id, username or global name. */
  user(ref: UserRef): SandboxUser {
    return this.world.resolveUser(ref);
  }

  guild(ref: GuildRef): SandboxGuild {
    return this.world.resolveGuild(ref);
  }

  /**
   * A server with the bot in it. Without `channels` it gets the sandbox's default channels (options.defaultChannels,
   * else Discord's template: text "general" under "Text Channels", voice "General" under "Voice Channels").
   */
  createGuild(seed: {
    name: string;
    owner: SandboxUser;
    members?: SandboxUser[];
    channels?: ChannelSeed[];
    id?: string;
  }): SandboxGuild {
    const guild = this.world.createGuild({ ...seed, members: seed.members ?? [] });
    this.ctx.gateway.guildAdded(guild);
    return guild;
  }

  /**
   * The bot is kicked from the server (or leaves it): GUILD_DELETE without `unavailable`, and the server
   * is out of the bot's reach. It keeps its state, so `addBotBack` can invite the bot again.
   */
  removeBot(guildRef: GuildRef): void {
    const guild = this.guild(guildRef);
    this.world.guilds.delete(guild.id);
    this.removedGuilds.set(guild.id, guild);
    this.ctx.gateway.dispatch('GUILD_DELETE', { id: guild.id }, guild.id);
  }

  /** The server invites the bot again after `removeBot`: GUILD_CREATE, as for a new server. */
  addBotBack(guild: SandboxGuild): void {
    if (!this.removedGuilds.delete(guild.id)) throw new Error(`the bot was not removed from ${guild.name}`);
    this.world.guilds.set(guild.id, guild);
    this.ctx.gateway.guildAdded(guild);
  }

  /** A Discord outage: GUILD_DELETE with `unavailable: true`, then GUILD_CREATE when `back` is called. */
  guildOutage(guildRef: GuildRef): { back(): void } {
    const guild = this.guild(guildRef);
    this.ctx.gateway.dispatch('GUILD_DELETE', { id: guild.id, unavailable: true }, guild.id);
    return { back: () => this.ctx.gateway.guildAdded(guild) };
  }

  addMember(guildRef: GuildRef, userRef: UserRef): void {
    const guild = this.guild(guildRef);
    const member = this.world.addMember(guild, this.user(userRef));
    const role = this.world.memberRole(guild, member.userId);
    this.ctx.gateway.dispatch('GUILD_ROLE_CREATE', { guild_id: guild.id, role: roleJson(role) }, guild.id);
    this.ctx.gateway.dispatch(
      'GUILD_MEMBER_ADD',
      { guild_id: guild.id, ...memberJson(this.world, member) },
      guild.id,
    );
  }

  /**
   * The member leaves the server (or is kicked): out of voice (VOICE_STATE_UPDATE), then
   * GUILD_MEMBER_REMOVE, which only sessions with the GuildMembers intent receive
   * (docs/events/gateway-events.mdx). GET member then answers 404 10007, and once the user shares no
   * server with the bot, DMs to them fail 403 50278.
   */
  removeMember(guildRef: GuildRef, userRef: UserRef): void {
    const guild = this.guild(guildRef);
    const user = this.user(userRef);
    const voice = this.world.removeMember(guild, user);
    if (voice?.channelId) {
      this.ctx.gateway.dispatch(
        'VOICE_STATE_UPDATE',
        voiceStateJson(this.world, guild, { ...voice, channelId: null }),
        guild.id,
      );
    }
    this.ctx.gateway.dispatch('GUILD_MEMBER_REMOVE', { guild_id: guild.id, user: userJson(user) }, guild.id);
  }

  /** Sets the member's own role; @everyone still grants the usual member permissions. */
  setMemberPermissions(guildRef: GuildRef, userRef: UserRef, permissions: bigint): void {
    const guild = this.guild(guildRef);
    const role = this.world.memberRole(guild, this.user(userRef).id);
    role.permissions = permissions;
    this.ctx.gateway.dispatch('GUILD_ROLE_UPDATE', { guild_id: guild.id, role: roleJson(role) }, guild.id);
  }

  setBotPermissions(guildRef: GuildRef, permissions: bigint): void {
    this.setMemberPermissions(guildRef, this.world.botUser, permissions);
  }

  /** A role of the server's (admins make them); members get it with `giveRole`. Returns its id. */
  createRole(guildRef: GuildRef, seed: { name: string; permissions?: bigint }): string {
    const guild = this.guild(guildRef);
    const role = {
      id: this.ctx.nextId(),
      name: seed.name,
      permissions: seed.permissions ?? 0n,
      position: guild.roles.size,
      managed: false,
      botId: null,
    };
    guild.roles.set(role.id, role);
    this.ctx.gateway.dispatch('GUILD_ROLE_CREATE', { guild_id: guild.id, role: roleJson(role) }, guild.id);
    return role.id;
  }

  /** The member gets one more role; their permissions are those of all their roles together. */
  giveRole(guildRef: GuildRef, userRef: UserRef, roleId: string): void {
    const guild = this.guild(guildRef);
    const member = guild.members.get(this.user(userRef).id);
    if (!member || !guild.roles.has(roleId)) throw new Error(`no member or role ${roleId} in ${guild.name}`);
    if (!member.roleIds.includes(roleId)) member.roleIds.push(roleId);
    this.memberUpdated(guild, member.userId);
  }

  /** A timeout until `until` (epoch ms on the sandbox clock), or none with null. */
  timeOut(guildRef: GuildRef, userRef: UserRef, until: number | null): void {
    const guild = this.guild(guildRef);
    const member = guild.members.get(this.user(userRef).id);
    if (!member) throw new Error(`no such member in ${guild.name}`);
    member.communicationDisabledUntil = until;
    this.memberUpdated(guild, member.userId);
  }

  /** An admin sets a channel's permission overwrites (role or @everyone: type 0, member: type 1). */
  setChannelOverwrites(channelRef: SandboxChannel | string, overwrites: PermissionOverwrite[]): void {
    const channel = typeof channelRef === 'string' ? this.world.channels.get(channelRef) : channelRef;
    if (!channel?.guildId) throw new Error(`no guild channel ${String(channelRef)}`);
    channel.overwrites = overwrites.map((overwrite) => ({ ...overwrite }));
    this.ctx.gateway.dispatch('CHANNEL_UPDATE', channelJson(this.world, channel), channel.guildId);
  }

  /** An admin adds a channel (the 50-per-category and 500-per-server caps are the bot's to meet). */
  addChannel(
    guildRef: GuildRef,
    seed: { name: string; type?: 'text' | 'voice' | 'category'; parent?: string },
  ): SandboxChannel {
    const guild = this.guild(guildRef);
    const type = { text: ChannelKind.text, voice: ChannelKind.voice, category: ChannelKind.category }[
      seed.type ?? 'text'
    ];
    const parent = seed.parent ? guild.channel(seed.parent) : null;
    const channel = this.world.addChannel({
      guildId: guild.id,
      name: seed.name,
      type,
      parentId: parent?.id ?? null,
      overwrites: parent?.overwrites.map((overwrite) => ({ ...overwrite })) ?? [],
    });
    this.ctx.gateway.dispatch('CHANNEL_CREATE', channelJson(this.world, channel), guild.id);
    return channel;
  }

  /** What a member may do in a channel, as Discord computes it (0n when they cannot see it). */
  permissionsOf(userRef: UserRef, channelRef: SandboxChannel | string): bigint {
    const channel = typeof channelRef === 'string' ? this.world.channels.get(channelRef) : channelRef;
    if (!channel?.guildId) throw new Error(`no guild channel ${String(channelRef)}`);
    return channelPermissions(this.world.guild(channel.guildId), this.user(userRef).id, channel);
  }

  /** A member writes in a channel, as chatter between the bot's posts. */
  say(userRef: UserRef, channelRef: SandboxChannel | string, content: string): SandboxMessage {
    const channel = typeof channelRef === 'string' ? this.world.channels.get(channelRef) : channelRef;
    if (!channel) throw new Error('no such channel');
    return this.ctx.messages.create(channel, { content }, { author: this.user(userRef) });
  }

  /** A member starts a public thread in a text channel. */
  startThread(parentRef: SandboxChannel | string, seed: { name: string; by: UserRef }): SandboxChannel {
    const parent = typeof parentRef === 'string' ? this.world.channels.get(parentRef) : parentRef;
    if (!parent?.guildId || parent.type !== ChannelKind.text)
      throw new Error('threads start in text channels');
    const owner = this.user(seed.by);
    const thread = this.world.addChannel({
      guildId: parent.guildId,
      name: seed.name,
      type: ChannelKind.publicThread,
      parentId: parent.id,
      ownerId: owner.id,
    });
    thread.threadMembers.add(owner.id);
    this.ctx.gateway.dispatch(
      'THREAD_CREATE',
      { ...channelJson(this.world, thread), newly_created: true },
      parent.guildId,
    );
    return thread;
  }

  private memberUpdated(guild: SandboxGuild, userId: string) {
    const member = guild.members.get(userId)!;
    this.ctx.gateway.dispatch(
      'GUILD_MEMBER_UPDATE',
      { guild_id: guild.id, ...memberJson(this.world, member) },
      guild.id,
    );
  }

  /** From now on the bot's DMs to this user fail with 403 50007 (50278 instead once they share no server with it). */
  closeDms(userRef: UserRef): void {
    this.world.closedDms.add(this.user(userRef).id);
  }

  openDms(userRef: UserRef): void {
    this.world.closedDms.delete(this.user(userRef).id);
  }

  channels(guildRef: GuildRef): SandboxChannel[] {
    return [...this.guild(guildRef).channels.values()];
  }

  channel(id: string): SandboxChannel | undefined {
    return this.world.channels.get(id);
  }

  runCommand(input: RunCommandInput): InteractionHandle {
    return this.members.runCommand(input);
  }

  /** Parses `/order pizza 2 note:"extra cheese"` against the registered commands and runs it. */
  runCommandLine(line: string, place: CommandPlace): InteractionHandle {
    return this.members.runCommandLine(line, place);
  }

  autocomplete(input: AutocompleteInput): InteractionHandle {
    return this.members.autocomplete(input);
  }

  clickButton(input: ClickInput): InteractionHandle {
    return this.members.clickButton(input);
  }

  selectMenu(input: SelectInput): InteractionHandle {
    return this.members.selectMenu(input);
  }

  joinVoice(user: UserRef, guild: GuildRef, voiceChannel: ChannelRef): void {
    this.members.joinVoice(user, guild, voiceChannel);
  }

  leaveVoice(user: UserRef, guild: GuildRef): void {
    this.members.leaveVoice(user, guild);
  }

  voiceChannelOf(userRef: UserRef, guildRef: GuildRef): SandboxChannel | null {
    const state = this.guild(guildRef).voiceStates.get(this.user(userRef).id);
    return state?.channelId ? (this.world.channels.get(state.channelId) ?? null) : null;
  }

  /** Messages in one channel, or in every channel (ephemeral replies included; see message.ephemeral). */
  messages(channelId?: string): SandboxMessage[] {
    return channelId ? this.ctx.messages.inChannel(channelId) : this.ctx.messages.all();
  }

  /** What the bot sent a user by DM. */
  messagesFor(userRef: UserRef): SandboxMessage[] {
    const channelId = this.world.dmChannelIdByUser.get(this.user(userRef).id);
    return channelId ? this.ctx.messages.inChannel(channelId) : [];
  }

  /** Resolves with the first message, existing or future, that matches (checked again on every edit). */
  waitForMessage(
    predicate: (message: SandboxMessage) => boolean,
    timeoutMs = this.replyTimeoutMs,
  ): Promise<SandboxMessage> {
    const existing = this.ctx.messages.all().find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const listener = (message: SandboxMessage, change: MessageChange) => {
        if (change === 'deleted' || !predicate(message)) return;
        stop();
        resolve(message);
      };
      const timer = setTimeout(() => {
        stop();
        const recent = this.messages()
          .slice(-10)
          .map((message) => `  ${summarizeMessage(message, this.renderContext())}`);
        reject(
          new Error([`no matching message within ${timeoutMs} ms; recent messages:`, ...recent].join('\n')),
        );
      }, timeoutMs);
      const stop = () => {
        clearTimeout(timer);
        this.ctx.events.off('message', listener);
      };
      this.ctx.events.on('message', listener);
    });
  }

  /** Commands the bot registered: global ones, or what members of a guild can run there (guild plus global). */
  registeredCommands(guildId?: string): SandboxCommand[] {
    return guildId ? this.ctx.commands.available(guildId) : this.ctx.commands.list();
  }

  /** Every REST request with its route template, body and status. */
  get requests(): readonly LoggedRequest[] {
    return this.rest.requests;
  }

  /** Bodies Discord would have refused (400); tests expect this to stay empty. */
  get rejected(): readonly RejectedRequest[] {
    return this.rest.rejected;
  }

  /** Requests for routes the sandbox does not serve; tests expect this to stay empty. */
  get unimplemented(): readonly { method: string; path: string }[] {
    return this.rest.unimplemented;
  }

  get stats(): RestStats {
    return this.rest.stats;
  }

  /**
   * The 401, 403 and 429 answers of the last 10 minutes (sandbox clock), shared-scope 429s aside: what
   * Cloudflare counts towards its 10,000 before it bans the bot's IP address.
   */
  get invalidRequests(): InvalidRequests {
    return this.rest.invalid.current();
  }

  /** How long enforced nonces are remembered from now on. */
  set nonceWindowMs(ms: number) {
    this.ctx.messages.nonceWindowMs = ms;
  }

  get nonceWindowMs(): number {
    return this.ctx.messages.nonceWindowMs;
  }

  get sessions(): readonly GatewaySession[] {
    return this.ctx.gateway.sessions;
  }

  get identifies(): readonly { at: number; intents: number; shard: [number, number] }[] {
    return this.ctx.gateway.identifies;
  }

  /**
   * Closes the bot's gateway connections with a resumable code; discord.js reconnects and resumes.
   * With `keepOut`, the bot cannot connect again until `letBack()`: what happens meanwhile (commands
   * too) waits in its sessions and is replayed on RESUME, as after a network outage.
   */
  dropConnections(code = 4000, options: { keepOut?: boolean } = {}): { letBack(): void } {
    const hold = options.keepOut ? this.ctx.gateway.holdConnections() : null;
    this.ctx.gateway.dropConnections(code);
    return { letBack: () => hold?.release() };
  }

  /** Op 9 (d:false) to every session: the bot must IDENTIFY again, and the events until then are lost to it. */
  invalidateSessions(): void {
    this.ctx.gateway.invalidateSessions();
  }

  /** Op 7: Discord asks the bot to reconnect and resume. */
  requestReconnect(): void {
    this.ctx.gateway.requestReconnect();
  }

  /** IDENTIFYs refused with op 9 for coming within 5 s of another with the same `shard_id % max_concurrency`. */
  get refusedIdentifies(): readonly { at: number; shard: [number, number] }[] {
    return this.ctx.gateway.refusedIdentifies;
  }

  on<K extends keyof SandboxEvents>(event: K, listener: SandboxEvents[K]): () => void {
    this.ctx.events.on(event, listener);
    return () => this.ctx.events.off(event, listener);
  }

  /**
   * The message as one member's client shows it, in the transcript's words. A user mention shows as a name
   * when the message carries that user (its author, the interaction's member, users its content pings), or
   * it is the viewer or one of `loaded` (the members the viewer's client happens to have loaded); anyone
   * else stays a raw `<@id>`, as on Discord. Without a viewer, only the users the message carries are known.
   */
  render(message: SandboxMessage, viewer?: UserRef, options: { loaded?: readonly UserRef[] } = {}): string {
    const known = new Set(
      [viewer, ...(options.loaded ?? [])].flatMap((ref) => (ref ? [this.user(ref).id] : [])),
    );
    return renderMessage(message, { ...this.renderContext(), viewerKnows: (id) => known.has(id) });
  }

  /** Names and clock for transcript rendering. */
  renderContext(): RenderContext {
    const { world } = this;
    return {
      userName: (id) => {
        const user = world.users.get(id);
        return user ? (user.globalName ?? user.username) : undefined;
      },
      channelName: (id) => world.channels.get(id)?.name,
      roleName: (id) => [...world.guilds.values()].map((guild) => guild.roles.get(id)?.name).find(Boolean),
      now: this.ctx.now,
    };
  }
}
