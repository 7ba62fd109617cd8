import {
  GuildMember,
  RESTJSONErrorCodes,
  type ChatInputCommandInteraction,
  type Client,
  type User,
} from 'discord.js';
import type { Services } from '../services/index.js';
import { requestBrakeOf } from './client.js';
import { isDiscordError } from './discord-errors.js';

/**
 * The name a member is shown by in this server: their nickname, else their display name. Members aren't
 * cached (see client.ts): the interaction carries the one who ran it and any member named in its options.
 */
export function memberName(interaction: ChatInputCommandInteraction, user: User = interaction.user): string {
  const member =
    user.id === interaction.user.id
      ? interaction.member
      : interaction.options.resolved?.members?.get(user.id);
  const nickname = member instanceof GuildMember ? member.nickname : member?.nick;
  return nickname ?? user.displayName;
}

/**
 * Of these members, the ones still in the server, by id: Discord is asked about those not cached, and
 * anyone it no longer knows is marked as gone so boards leave them out from now on.
 */
export async function presentMembers(
  client: Client,
  services: Services,
  guildId: string,
  userIds: readonly string[],
): Promise<Set<string>> {
  // While Discord refuses too much, boards show everyone rather than ask about each member.
  if (requestBrakeOf(client).engaged) return new Set(userIds);
  const guild = client.guilds.cache.get(guildId) ?? (await client.guilds.fetch(guildId));
  const present = new Set<string>();
  const gone: string[] = [];
  for (const userId of userIds) {
    try {
      await guild.members.fetch(userId);
      present.add(userId);
    } catch (error) {
      if (isDiscordError(error, RESTJSONErrorCodes.UnknownMember)) gone.push(userId);
      else throw error;
    }
  }
  await services.leaderboards.markLeft(guildId, gone);
  return present;
}
