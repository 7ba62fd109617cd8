import {
  GuildMember,
  RESTJSONErrorCodes,
  type ButtonInteraction,
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

/** The name the member who ran a command or pressed a button goes by in this server. */
export function ownName(interaction: ChatInputCommandInteraction | ButtonInteraction): string {
  const member = interaction.member;
  const nickname = member instanceof GuildMember ? member.nickname : member?.nick;
  return nickname ?? interaction.user.displayName;
}

/**
 * Of these members, the ones still in the server, with the name each goes by there: Discord is asked about
 * those not cached, and anyone it no longer knows is marked as gone so boards leave them out from now on.
 */
export async function presentMembers(
  client: Client,
  services: Services,
  guildId: string,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  // While Discord refuses too much, boards show everyone, by the names they were last seen with, rather
  // than ask about each member ('' leaves a member whose name is not kept to nameOf's fallback).
  if (requestBrakeOf(client).engaged) {
    const kept = await services.memberNames.of(guildId, userIds);
    return new Map(userIds.map((userId) => [userId, kept.get(userId) ?? '']));
  }
  const guild = client.guilds.cache.get(guildId) ?? (await client.guilds.fetch(guildId));
  const present = new Map<string, string>();
  const gone: string[] = [];
  for (const userId of userIds) {
    try {
      present.set(userId, (await guild.members.fetch(userId)).displayName);
    } catch (error) {
      if (isDiscordError(error, RESTJSONErrorCodes.UnknownMember)) gone.push(userId);
      else throw error;
    }
  }
  await services.leaderboards.markLeft(guildId, gone);
  return present;
}
