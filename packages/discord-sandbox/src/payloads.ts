import { attachmentJson } from './attachments.js';
import { channelPermissions } from './permissions.js';
import { pingedUserIds } from './mentions.js';
import { APPLICATION_ID } from './snowflakes.js';
import type {
  SandboxChannel,
  SandboxGuild,
  SandboxMember,
  SandboxMessage,
  SandboxRole,
  SandboxUser,
  SandboxVoiceState,
  World,
} from './world.js';
import { ChannelKind } from './world.js';

// The JSON shapes Discord sends; discord.js reads them field by field.

const iso = (ms: number) => new Date(ms).toISOString();

export function userJson(user: SandboxUser) {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName,
    avatar: null,
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
    ...(user.bot ? { bot: true } : {}),
  };
}

export function roleJson(role: SandboxRole) {
  return {
    id: role.id,
    name: role.name,
    permissions: role.permissions.toString(),
    position: role.position,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    managed: role.managed,
    mentionable: false,
    icon: null,
    unicode_emoji: null,
    flags: 0,
    ...(role.botId ? { tags: { bot_id: role.botId } } : {}),
  };
}

export function memberJson(world: World, member: SandboxMember) {
  return {
    user: userJson(world.user(member.userId)),
    nick: null,
    avatar: null,
    banner: null,
    roles: member.roleIds,
    joined_at: iso(member.joinedAt),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until:
      member.communicationDisabledUntil === null ? null : iso(member.communicationDisabledUntil),
  };
}

/** A member as an interaction carries it: with its permissions in the channel. */
export function interactionMemberJson(
  world: World,
  guild: SandboxGuild,
  member: SandboxMember,
  channel: SandboxChannel,
) {
  return {
    ...memberJson(world, member),
    permissions: channelPermissions(guild, member.userId, channel).toString(),
  };
}

export function channelJson(world: World, channel: SandboxChannel, options: { withGuildId?: boolean } = {}) {
  const common = {
    id: channel.id,
    type: channel.type,
    flags: 0,
    last_message_id: channel.lastMessageId,
  };
  if (channel.type === ChannelKind.dm) {
    const recipient = channel.recipientId ? world.users.get(channel.recipientId) : undefined;
    return { ...common, recipients: recipient ? [userJson(recipient)] : [] };
  }
  const guildPart = {
    ...(options.withGuildId === false ? {} : { guild_id: channel.guildId }),
    name: channel.name,
    parent_id: channel.parentId,
  };
  if (world.isThread(channel)) {
    return {
      ...common,
      ...guildPart,
      owner_id: channel.ownerId,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: channel.threadMembers.size,
      total_message_sent: 0,
      thread_metadata: {
        archived: channel.archived,
        locked: channel.locked,
        auto_archive_duration: channel.autoArchiveDuration,
        archive_timestamp: iso(channel.createdAt),
        create_timestamp: iso(channel.createdAt),
      },
    };
  }
  const placed = {
    ...common,
    ...guildPart,
    position: channel.position,
    permission_overwrites: channel.overwrites.map((overwrite) => ({
      id: overwrite.id,
      type: overwrite.type,
      allow: overwrite.allow.toString(),
      deny: overwrite.deny.toString(),
    })),
    nsfw: false,
  };
  if (channel.type === ChannelKind.category) return placed;
  if (channel.type === ChannelKind.voice) {
    return {
      ...placed,
      bitrate: 64000,
      user_limit: 0,
      rtc_region: null,
      video_quality_mode: 1,
      rate_limit_per_user: 0,
    };
  }
  return { ...placed, topic: channel.topic, rate_limit_per_user: 0 };
}

export function voiceStateJson(world: World, guild: SandboxGuild, state: SandboxVoiceState) {
  const member = guild.members.get(state.userId);
  return {
    guild_id: guild.id,
    channel_id: state.channelId,
    user_id: state.userId,
    ...(member ? { member: memberJson(world, member) } : {}),
    session_id: state.sessionId,
    deaf: false,
    mute: false,
    self_deaf: false,
    self_mute: false,
    self_video: false,
    suppress: false,
    request_to_speak_timestamp: null,
  };
}

export function guildCreateJson(world: World, guild: SandboxGuild) {
  // Without the privileged GuildMembers intent Discord only sends the bot and members in voice.
  const inVoice = [...guild.voiceStates.values()].filter((state) => state.channelId !== null);
  const shownMembers = [...guild.members.values()].filter(
    (member) => member.userId === world.botUser.id || inVoice.some((state) => state.userId === member.userId),
  );
  const channels = [...guild.channels.values()];
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    application_id: null,
    unavailable: false,
    large: false,
    member_count: guild.members.size,
    joined_at: iso(guild.members.get(world.botUser.id)?.joinedAt ?? guild.createdAt),
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: 'en-US',
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    max_members: 500000,
    max_presences: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    region: 'deprecated',
    home_header: null,
    widget_enabled: false,
    widget_channel_id: null,
    nsfw: false,
    incidents_data: null,
    features: [],
    roles: [...guild.roles.values()].map(roleJson),
    emojis: [],
    stickers: [],
    channels: channels
      .filter((channel) => !world.isThread(channel))
      .map((channel) => channelJson(world, channel, { withGuildId: false })),
    threads: channels
      .filter((channel) => world.isThread(channel))
      .map((channel) => channelJson(world, channel)),
    members: shownMembers.map((member) => memberJson(world, member)),
    voice_states: inVoice.map((state) => {
      const { guild_id: _omitted, member: _member, ...rest } = voiceStateJson(world, guild, state);
      return rest;
    }),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function messageJson(world: World, message: SandboxMessage) {
  return {
    id: message.id,
    type: message.type,
    channel_id: message.channelId,
    ...(message.guildId ? { guild_id: message.guildId } : {}),
    author: userJson(message.author),
    content: message.content,
    timestamp: iso(message.createdAt),
    edited_timestamp: message.editedAt === null ? null : iso(message.editedAt),
    tts: false,
    mention_everyone: message.mentionsEveryone,
    mentions: mentionedUsers(world, message.content, message.allowedMentions).map(userJson),
    mention_roles: [],
    attachments: message.attachments.map((attachment) => attachmentJson(message.channelId, attachment)),
    embeds: message.embeds,
    components: message.components,
    pinned: false,
    flags: message.flags,
    ...(message.nonce !== null ? { nonce: message.nonce } : {}),
    ...(message.webhookId ? { webhook_id: message.webhookId, application_id: APPLICATION_ID } : {}),
    ...(message.interaction
      ? {
          interaction_metadata: {
            id: message.interaction.id,
            type: message.interaction.type,
            user: userJson(world.user(message.interaction.userId)),
            authorizing_integration_owners: {},
            ...(message.interaction.type === 2 ? { name: message.interaction.name, command_type: 1 } : {}),
          },
        }
      : {}),
  };
}

function mentionedUsers(
  world: World,
  content: string,
  allowed: SandboxMessage['allowedMentions'],
): SandboxUser[] {
  return pingedUserIds(content, allowed)
    .map((id) => world.users.get(id))
    .filter((user): user is SandboxUser => user !== undefined);
}
