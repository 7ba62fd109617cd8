import { ChannelType, PermissionFlagsBits as P, type Client } from 'discord.js';
import type { ChannelKind } from '../core/channel-fit.js';
import type { ChannelDirectory } from '../services/channels.js';

const kinds = new Map<ChannelType, ChannelKind>([
  [ChannelType.GuildText, 'text'],
  [ChannelType.GuildAnnouncement, 'announcement'],
  [ChannelType.GuildVoice, 'voice'],
  [ChannelType.GuildStageVoice, 'stage'],
  [ChannelType.GuildCategory, 'category'],
  [ChannelType.PublicThread, 'thread'],
  [ChannelType.PrivateThread, 'thread'],
  [ChannelType.AnnouncementThread, 'thread'],
  [ChannelType.GuildForum, 'forum'],
  [ChannelType.GuildMedia, 'forum'],
]);

/**
 * Channels as discord.js's cache knows them (every channel of every server the bot is in comes with
 * GUILD_CREATE), so checking an option costs Discord nothing; a member's permissions need the member.
 */
export function createChannelDirectory(client: Client): ChannelDirectory {
  return {
    facts(channelId) {
      const channel = client.channels.cache.get(channelId);
      if (!channel) return undefined;
      return {
        guildId: channel.isDMBased() ? null : channel.guildId,
        kind: kinds.get(channel.type) ?? 'other',
      };
    },

    async canConnect({ guildId, channelId, userId }) {
      const channel = client.channels.cache.get(channelId);
      if (!channel || channel.isDMBased() || channel.guildId !== guildId) return false;
      // Members are not cached (client.ts): Discord is asked, once per start with a voice channel.
      const member = await channel.guild.members.fetch(userId).catch(() => undefined);
      return member ? channel.permissionsFor(member).has([P.ViewChannel, P.Connect]) : false;
    },
  };
}
