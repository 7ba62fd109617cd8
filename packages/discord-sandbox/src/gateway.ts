import type { Server } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { guildCreateJson, memberJson, userJson } from './payloads.js';
import { APPLICATION_ID, randomToken, shardFor } from './snowflakes.js';
import type { SandboxGuild, World } from './world.js';

export const Intent = {
  Guilds: 1,
  GuildMembers: 2,
  GuildVoiceStates: 128,
  GuildPresences: 256,
  GuildMessages: 512,
  DirectMessages: 4096,
  MessageContent: 32768,
} as const;

const PRIVILEGED = Intent.GuildMembers | Intent.GuildPresences | Intent.MessageContent;

const INTENT_OF_EVENT: Record<string, number> = {
  GUILD_CREATE: Intent.Guilds,
  GUILD_UPDATE: Intent.Guilds,
  GUILD_DELETE: Intent.Guilds,
  CHANNEL_CREATE: Intent.Guilds,
  CHANNEL_UPDATE: Intent.Guilds,
  CHANNEL_DELETE: Intent.Guilds,
  THREAD_CREATE: Intent.Guilds,
  THREAD_UPDATE: Intent.Guilds,
  THREAD_DELETE: Intent.Guilds,
  GUILD_MEMBER_ADD: Intent.GuildMembers,
  GUILD_MEMBER_UPDATE: Intent.GuildMembers,
  GUILD_MEMBER_REMOVE: Intent.GuildMembers,
  VOICE_STATE_UPDATE: Intent.GuildVoiceStates,
};

const MESSAGE_EVENTS = new Set(['MESSAGE_CREATE', 'MESSAGE_UPDATE', 'MESSAGE_DELETE']);
const REPLAY_BUFFER = 1000;
const RESUMABLE_FOR_MS = 5 * 60_000;
/** Discord allows `max_concurrency` IDENTIFYs per 5 s per rate-limit key (docs/events/gateway.mdx, "Session Start Limit"). */
const IDENTIFY_WINDOW_MS = 5_000;

export interface SentEvent {
  s: number;
  t: string;
  d: unknown;
}

export interface GatewaySession {
  id: string;
  intents: number;
  shard: [number, number];
  seq: number;
  socket: WebSocket | null;
  /** The latest dispatches, kept for RESUME and for tests to inspect. */
  sent: SentEvent[];
  disconnectedAt: number | null;
}

export interface GatewayOptions {
  world: World;
  now: () => number;
  resumeUrl: () => string;
  heartbeatIntervalMs?: number;
  allowPrivilegedIntents?: boolean;
  /** IDENTIFYs allowed per 5 s for each key `shard_id % maxConcurrency`; an extra one gets op 9. */
  maxConcurrency: number;
}

/** The gateway half: HELLO, IDENTIFY/READY, GUILD_CREATE, heartbeats, RESUME, and dispatch by intents and shard. */
export class Gateway {
  readonly sessions: GatewaySession[] = [];
  readonly identifies: { at: number; intents: number; shard: [number, number] }[] = [];
  /** IDENTIFYs answered with op 9 because they came too soon after another of the same key. */
  readonly refusedIdentifies: { at: number; shard: [number, number] }[] = [];
  /** Wall-clock time of the last accepted IDENTIFY per rate-limit key (one per key per 5 s). */
  private readonly lastIdentifyAt = new Map<number, number>();
  /** Sockets kept waiting for HELLO while the gateway is held (see holdConnections). */
  private held: (() => void)[] | null = null;
  private readonly server: WebSocketServer;

  constructor(
    httpServer: Server,
    private readonly options: GatewayOptions,
  ) {
    this.server = new WebSocketServer({ server: httpServer });
    this.server.on('connection', (socket) => this.accept(socket));
  }

  get connected(): GatewaySession[] {
    return this.sessions.filter((session) => session.socket !== null);
  }

  dispatch(t: string, d: unknown, guildId: string | null): void {
    this.forgetStaleSessions();
    const needed = MESSAGE_EVENTS.has(t)
      ? guildId
        ? Intent.GuildMessages
        : Intent.DirectMessages
      : (INTENT_OF_EVENT[t] ?? 0);
    for (const session of this.sessionsFor(guildId)) {
      if ((session.intents & needed) === needed) this.send(session, t, d);
    }
  }

  /** Sessions whose shard owns the guild; DMs belong to shard 0. */
  sessionsFor(guildId: string | null): GatewaySession[] {
    return this.sessions.filter(({ shard: [shardId, shardCount] }) =>
      guildId ? shardFor(guildId, shardCount) === shardId : shardId === 0,
    );
  }

  guildAdded(guild: SandboxGuild): void {
    this.dispatch('GUILD_CREATE', guildCreateJson(this.options.world, guild), guild.id);
  }

  /** Closes every connection with a resumable code, as Discord does when it moves a session. */
  dropConnections(code = 4000): void {
    for (const session of this.connected) session.socket?.close(code, 'sandbox dropped the connection');
  }

  /**
   * Until `release()`, new connections get no HELLO, as when Discord cannot be reached: the bot stays
   * disconnected (discord.js waits 60 s for a HELLO) and events for its sessions wait for a RESUME.
   */
  holdConnections(): { release(): void } {
    const held: (() => void)[] = (this.held ??= []);
    return {
      release: () => {
        if (this.held !== held) return;
        this.held = null;
        for (const greet of held) greet();
      },
    };
  }

  /**
   * Op 9 with d:false to every session, connected or not: none can be resumed, so the events until the
   * bot identifies again are lost for it (docs/events/gateway.mdx, "Invalid Session").
   */
  invalidateSessions(): void {
    for (const session of this.sessions.splice(0)) {
      const socket = session.socket;
      session.socket = null;
      if (socket && socket.readyState === socket.OPEN) {
        socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      }
    }
  }

  /** Op 7 to every connected session: the bot should reconnect and RESUME (docs/events/gateway.mdx, "Reconnect"). */
  requestReconnect(): void {
    for (const session of this.connected) {
      session.socket?.send(JSON.stringify({ op: 7, d: null, s: null, t: null }));
    }
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket) {
    let session: GatewaySession | null = null;
    const write = (payload: unknown) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
    };
    const hello = () =>
      write({
        op: 10,
        d: { heartbeat_interval: this.options.heartbeatIntervalMs ?? 41_250 },
        s: null,
        t: null,
      });
    if (this.held) this.held.push(hello);
    else hello();

    socket.on('message', (raw: RawData) => {
      const packet = parse(raw);
      if (!packet) return;
      switch (packet.op) {
        case 1:
          write({ op: 11 });
          break;
        case 2:
          session = this.identify(socket, packet.d);
          break;
        case 6:
          session = this.resume(socket, packet.d);
          break;
        case 8:
          if (session) this.sendMemberChunk(session, packet.d);
          break;
        default:
          break; // presence and voice updates from the bot change nothing here
      }
    });
    socket.on('close', (code: number) => {
      if (!session || session.socket !== socket) return;
      session.socket = null;
      session.disconnectedAt = this.options.now();
      // A client that closes with 1000 or 1001 ends its session; other codes keep it resumable.
      if (code === 1000 || code === 1001) this.sessions.splice(this.sessions.indexOf(session), 1);
    });
  }

  private identify(socket: WebSocket, data: Record<string, unknown>): GatewaySession | null {
    const intents = typeof data.intents === 'number' ? data.intents : 0;
    const shard = parseShard(data.shard);
    if (!shard) {
      socket.close(4010, 'Invalid shard');
      return null;
    }
    if (intents & PRIVILEGED && !this.options.allowPrivilegedIntents) {
      socket.close(4014, 'Disallowed intent(s).');
      return null;
    }
    if (!this.mayIdentify(shard)) {
      // Discord answers an IDENTIFY over the session start limit with op 9 (docs/events/gateway.mdx, "Rate Limiting").
      this.refusedIdentifies.push({ at: this.options.now(), shard });
      socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      return null;
    }
    this.identifies.push({ at: this.options.now(), intents, shard });
    const session: GatewaySession = {
      id: randomToken(16),
      intents,
      shard,
      seq: 0,
      socket,
      sent: [],
      disconnectedAt: null,
    };
    this.sessions.push(session);
    const { world } = this.options;
    const guilds = [...world.guilds.values()].filter((guild) => shardFor(guild.id, shard[1]) === shard[0]);
    this.send(session, 'READY', {
      v: 10,
      user: { ...userJson(world.botUser), verified: true, mfa_enabled: false, flags: 0 },
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.options.resumeUrl(),
      shard,
      application: { id: APPLICATION_ID, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      auth: {},
    });
    if (intents & Intent.Guilds) {
      for (const guild of guilds) this.send(session, 'GUILD_CREATE', guildCreateJson(world, guild));
    }
    return session;
  }

  // Wall-clock time, not the sandbox's clock: clients space their IDENTIFYs by their own real clock
  // (discord.js waits 5 s between its own), and a test clock that stands still must not lock them out.
  private mayIdentify(shard: [number, number]): boolean {
    const key = shard[0] % Math.max(1, this.options.maxConcurrency);
    const now = Date.now();
    const last = this.lastIdentifyAt.get(key);
    if (last !== undefined && now - last < IDENTIFY_WINDOW_MS) return false;
    this.lastIdentifyAt.set(key, now);
    return true;
  }

  private resume(socket: WebSocket, data: Record<string, unknown>): GatewaySession | null {
    const session = this.sessions.find((candidate) => candidate.id === data.session_id);
    const seq = typeof data.seq === 'number' ? data.seq : 0;
    const oldest = session?.sent[0]?.s ?? Infinity;
    const canReplay = session && session.socket === null && (seq >= session.seq || oldest <= seq + 1);
    if (!session || !canReplay) {
      socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      return null;
    }
    session.socket = socket;
    session.disconnectedAt = null;
    for (const event of session.sent.filter((sent) => sent.s > seq)) {
      socket.send(JSON.stringify({ op: 0, ...event }));
    }
    this.send(session, 'RESUMED', null);
    return session;
  }

  private sendMemberChunk(session: GatewaySession, data: Record<string, unknown>) {
    const { world } = this.options;
    const guild = typeof data.guild_id === 'string' ? world.guilds.get(data.guild_id) : undefined;
    if (!guild) return;
    const userIds = Array.isArray(data.user_ids)
      ? data.user_ids
      : typeof data.user_ids === 'string'
        ? [data.user_ids]
        : null;
    const query = typeof data.query === 'string' ? data.query.toLowerCase() : '';
    const mayListAll = (session.intents & Intent.GuildMembers) !== 0;
    const members = [...guild.members.values()].filter((member) => {
      if (userIds) return userIds.includes(member.userId);
      if (query) return world.user(member.userId).username.toLowerCase().startsWith(query);
      return mayListAll;
    });
    this.send(session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guild.id,
      members: members.map((member) => memberJson(world, member)),
      chunk_index: 0,
      chunk_count: 1,
      not_found: [],
      ...(data.nonce !== undefined ? { nonce: data.nonce } : {}),
    });
  }

  private send(session: GatewaySession, t: string, d: unknown) {
    session.seq += 1;
    const event: SentEvent = { s: session.seq, t, d };
    session.sent.push(event);
    if (session.sent.length > REPLAY_BUFFER * 2) session.sent.splice(0, REPLAY_BUFFER);
    const socket = session.socket;
    if (socket && socket.readyState === socket.OPEN) socket.send(JSON.stringify({ op: 0, ...event }));
  }

  private forgetStaleSessions() {
    const now = this.options.now();
    for (const session of [...this.sessions]) {
      if (session.disconnectedAt !== null && now - session.disconnectedAt > RESUMABLE_FOR_MS) {
        this.sessions.splice(this.sessions.indexOf(session), 1);
      }
    }
  }
}

function parse(raw: RawData): { op: number; d: Record<string, unknown> } | null {
  try {
    const packet = JSON.parse(raw.toString()) as { op?: unknown; d?: unknown };
    if (typeof packet.op !== 'number') return null;
    const d = typeof packet.d === 'object' && packet.d !== null ? (packet.d as Record<string, unknown>) : {};
    return { op: packet.op, d };
  } catch {
    return null;
  }
}

function parseShard(value: unknown): [number, number] | null {
  if (value === undefined) return [0, 1];
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [id, count] = value as unknown[];
  if (typeof id !== 'number' || typeof count !== 'number' || count < 1 || id < 0 || id >= count) return null;
  return [id, count];
}
