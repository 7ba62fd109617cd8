import type { APIEmbed } from 'discord-api-types/v10';
import type { SandboxAttachment } from './attachments.js';
import { BOT_USER_ID, type IdGenerator } from './snowflakes.js';
import { BOT_DEFAULT_PERMISSIONS, EVERYONE_DEFAULT_PERMISSIONS } from './permissions.js';

export const ChannelKind = {
  text: 0,
  dm: 1,
  voice: 2,
  category: 4,
  publicThread: 11,
  privateThread: 12,
} as const;

export interface SandboxUser {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
}

export interface PermissionOverwrite {
  id: string;
  type: 0 | 1; // 0 role, 1 member
  allow: bigint;
  deny: bigint;
}

export interface SandboxChannel {
  id: string;
  type: number;
  name: string;
  guildId: string | null;
  parentId: string | null;
  position: number;
  topic: string | null;
  overwrites: PermissionOverwrite[];
  lastMessageId: string | null;
  /** DM channels: the user on the other side. */
  recipientId: string | null;
  /** Threads. */
  ownerId: string | null;
  archived: boolean;
  locked: boolean;
  autoArchiveDuration: number;
  /** Threads: when the last message was sent (or the thread made or unarchived); edits do not count. */
  lastActivityAt: number;
  threadMembers: Set<string>;
  createdAt: number;
}

export interface SandboxRole {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  managed: boolean;
  botId: string | null;
}

export interface SandboxMember {
  userId: string;
  /** Every member gets a role of their own, which carries the permissions set for them. */
  roleId: string;
  /** Every role the member has, their own first (Discord adds up the permissions of all of them). */
  roleIds: string[];
  joinedAt: number;
  /** A timeout: until then the member may only view channels and read their history (epoch ms). */
  communicationDisabledUntil: number | null;
}

export interface SandboxVoiceState {
  userId: string;
  channelId: string | null;
  sessionId: string;
}

export interface SandboxComponent {
  type: number;
  id?: number;
  components?: SandboxComponent[];
  custom_id?: string;
  label?: string;
  style?: number;
  disabled?: boolean;
  url?: string;
  emoji?: { name?: string | null; id?: string | null };
  placeholder?: string;
  options?: { label: string; value: string }[];
  content?: string;
}

export interface AllowedMentions {
  parse?: string[];
  users?: string[];
  roles?: string[];
  replied_user?: boolean;
}

export interface SandboxMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  author: SandboxUser;
  content: string;
  embeds: APIEmbed[];
  components: SandboxComponent[];
  /** Files the bot attached, with their bytes. */
  attachments: SandboxAttachment[];
  flags: number;
  /** flags & 64: only the member who ran the command sees it. */
  ephemeral: boolean;
  nonce: string | number | null;
  /** The allowed_mentions the bot sent with the latest create or edit; null when it sent none. */
  allowedMentions: AllowedMentions | null;
  /** Whether Discord would ping @everyone/@here for this content under those allowed_mentions. */
  mentionsEveryone: boolean;
  type: number;
  createdAt: number;
  editedAt: number | null;
  editCount: number;
  deleted: boolean;
  webhookId: string | null;
  /** Set when the message answers an interaction. */
  interaction: { id: string; type: number; name: string; userId: string } | null;
}

export interface ChannelSeed {
  name: string;
  type: 'text' | 'voice' | 'category';
  /** Name of a category listed earlier. */
  parent?: string;
}

/** What Discord puts in a server made from its default template. */
export const DEFAULT_CHANNELS: readonly ChannelSeed[] = [
  { name: 'Text Channels', type: 'category' },
  { name: 'general', type: 'text', parent: 'Text Channels' },
  { name: 'Voice Channels', type: 'category' },
  { name: 'General', type: 'voice', parent: 'Voice Channels' },
];

export class SandboxGuild {
  readonly roles = new Map<string, SandboxRole>();
  readonly channels = new Map<string, SandboxChannel>();
  readonly members = new Map<string, SandboxMember>();
  readonly voiceStates = new Map<string, SandboxVoiceState>();

  constructor(
    readonly id: string,
    public name: string,
    readonly ownerId: string,
    readonly createdAt: number,
    /** The sandbox's clock, for what depends on time (timeouts). */
    readonly now: () => number = Date.now,
  ) {}

  /** A channel by name or id; throws with the known names when there is none. */
  channel(nameOrId: string): SandboxChannel {
    const wanted = nameOrId.replace(/^#/, '');
    const found =
      this.channels.get(wanted) ?? [...this.channels.values()].find((channel) => channel.name === wanted);
    if (!found) {
      const known = [...this.channels.values()].map((channel) => channel.name).join(', ');
      throw new Error(`guild ${this.name} has no channel "${nameOrId}" (channels: ${known})`);
    }
    return found;
  }

  get everyoneRole(): SandboxRole {
    const role = this.roles.get(this.id);
    if (!role) throw new Error(`guild ${this.name} lost its @everyone role`);
    return role;
  }
}

export class World {
  readonly users = new Map<string, SandboxUser>();
  readonly guilds = new Map<string, SandboxGuild>();
  /** Every channel, threads and DMs included, by id. */
  readonly channels = new Map<string, SandboxChannel>();
  readonly dmChannelIdByUser = new Map<string, string>();
  readonly closedDms = new Set<string>();
  readonly botUser: SandboxUser;

  constructor(
    private readonly nextId: IdGenerator,
    private readonly now: () => number,
    botName: string,
    private readonly defaultChannels: readonly ChannelSeed[] = DEFAULT_CHANNELS,
  ) {
    this.botUser = { id: BOT_USER_ID, username: botName, globalName: null, bot: true };
    this.users.set(this.botUser.id, this.botUser);
  }

  addUser(seed: { username: string; globalName?: string; bot?: boolean }): SandboxUser {
    const user: SandboxUser = {
      id: this.nextId(),
      username: seed.username,
      globalName: seed.globalName ?? null,
      bot: seed.bot ?? false,
    };
    this.users.set(user.id, user);
    return user;
  }

  user(id: string): SandboxUser {
    const user = this.users.get(id);
    if (!user) throw new Error(`unknown user ${id}`);
    return user;
  }

  userByName(name: string): SandboxUser | undefined {
    const wanted = name.replace(/^@/, '').toLowerCase();
    return [...this.users.values()].find(
      (user) => user.username.toLowerCase() === wanted || user.globalName?.toLowerCase() === wanted,
    );
  }

  /** A user object, or one found by id, username or global name. */
  resolveUser(ref: SandboxUser | string): SandboxUser {
    if (typeof ref !== 'string') return ref;
    const found = this.users.get(ref) ?? this.userByName(ref);
    if (!found) throw new Error(`no user "${ref}"`);
    return found;
  }

  /** A guild object, or one found by id or name. */
  resolveGuild(ref: SandboxGuild | string): SandboxGuild {
    if (typeof ref !== 'string') return ref;
    const found = this.guilds.get(ref) ?? [...this.guilds.values()].find((guild) => guild.name === ref);
    if (!found) throw new Error(`no guild "${ref}"`);
    return found;
  }

  guild(id: string): SandboxGuild {
    const guild = this.guilds.get(id);
    if (!guild) throw new Error(`unknown guild ${id}`);
    return guild;
  }

  createGuild(seed: {
    name: string;
    owner: SandboxUser;
    members: SandboxUser[];
    channels?: ChannelSeed[];
    /** A chosen id, such as one that lands on a given shard; by default the next snowflake. */
    id?: string;
  }): SandboxGuild {
    const guild = new SandboxGuild(seed.id ?? this.nextId(), seed.name, seed.owner.id, this.now(), this.now);
    guild.roles.set(guild.id, {
      id: guild.id,
      name: '@everyone',
      permissions: EVERYONE_DEFAULT_PERMISSIONS,
      position: 0,
      managed: false,
      botId: null,
    });
    const people = [seed.owner, ...seed.members.filter((member) => member.id !== seed.owner.id)];
    for (const user of people) this.addMember(guild, user);
    this.addMember(guild, this.botUser, BOT_DEFAULT_PERMISSIONS);
    this.guilds.set(guild.id, guild);

    for (const channel of seed.channels ?? this.defaultChannels) {
      const parent = channel.parent ? guild.channel(channel.parent) : null;
      const type =
        channel.type === 'text'
          ? ChannelKind.text
          : channel.type === 'voice'
            ? ChannelKind.voice
            : ChannelKind.category;
      this.addChannel({ guildId: guild.id, name: channel.name, type, parentId: parent?.id ?? null });
    }
    return guild;
  }

  addMember(guild: SandboxGuild, user: SandboxUser, permissions = 0n): SandboxMember {
    const role: SandboxRole = {
      id: this.nextId(),
      name: user.username,
      permissions,
      position: guild.roles.size,
      managed: user.bot,
      botId: user.bot ? user.id : null,
    };
    guild.roles.set(role.id, role);
    const member: SandboxMember = {
      userId: user.id,
      roleId: role.id,
      roleIds: [role.id],
      joinedAt: this.now(),
      communicationDisabledUntil: null,
    };
    guild.members.set(user.id, member);
    return member;
  }

  /**
   * The member leaves (or is kicked): no longer in the server, out of voice and of its threads. Their
   * role stays, as a role in Discord outlives a member who had it.
   */
  removeMember(guild: SandboxGuild, user: SandboxUser): SandboxVoiceState | undefined {
    if (!guild.members.delete(user.id)) throw new Error(`${user.username} is not a member of ${guild.name}`);
    for (const channel of guild.channels.values()) channel.threadMembers.delete(user.id);
    const voice = guild.voiceStates.get(user.id);
    guild.voiceStates.delete(user.id);
    return voice;
  }

  /** Whether the bot and this user are in a server together, which Discord requires for a DM. */
  sharesGuildWithBot(userId: string): boolean {
    return [...this.guilds.values()].some(
      (guild) => guild.members.has(userId) && guild.members.has(this.botUser.id),
    );
  }

  memberRole(guild: SandboxGuild, userId: string): SandboxRole {
    const member = guild.members.get(userId);
    const role = member && guild.roles.get(member.roleId);
    if (!role) throw new Error(`user ${userId} is not a member of ${guild.name}`);
    return role;
  }

  addChannel(seed: {
    guildId: string | null;
    name: string;
    type: number;
    parentId?: string | null;
    topic?: string | null;
    overwrites?: PermissionOverwrite[];
    recipientId?: string;
    ownerId?: string;
    autoArchiveDuration?: number;
    id?: string;
  }): SandboxChannel {
    const guild = seed.guildId ? this.guild(seed.guildId) : null;
    const channel: SandboxChannel = {
      id: seed.id ?? this.nextId(),
      type: seed.type,
      name: seed.name,
      guildId: seed.guildId,
      parentId: seed.parentId ?? null,
      position: guild ? [...guild.channels.values()].filter((other) => other.type === seed.type).length : 0,
      topic: seed.topic ?? null,
      overwrites: seed.overwrites ?? [],
      lastMessageId: null,
      recipientId: seed.recipientId ?? null,
      ownerId: seed.ownerId ?? null,
      archived: false,
      locked: false,
      autoArchiveDuration: seed.autoArchiveDuration ?? 4320,
      lastActivityAt: this.now(),
      threadMembers: new Set(),
      createdAt: this.now(),
    };
    guild?.channels.set(channel.id, channel);
    this.channels.set(channel.id, channel);
    return channel;
  }

  removeChannel(channel: SandboxChannel): void {
    this.channels.delete(channel.id);
    if (channel.guildId) this.guild(channel.guildId).channels.delete(channel.id);
  }

  dmChannel(user: SandboxUser): SandboxChannel {
    const existing = this.dmChannelIdByUser.get(user.id);
    const channel = existing && this.channels.get(existing);
    if (channel) return channel;
    const created = this.addChannel({
      guildId: null,
      name: user.username,
      type: ChannelKind.dm,
      recipientId: user.id,
    });
    this.dmChannelIdByUser.set(user.id, created.id);
    return created;
  }

  isThread(channel: SandboxChannel): boolean {
    return channel.type === ChannelKind.publicThread || channel.type === ChannelKind.privateThread;
  }
}
