import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import type { SandboxChannel, SandboxGuild } from './world.js';

export const ALL_PERMISSIONS = Object.values(P).reduce((all, bit) => all | bit, 0n);

// What @everyone has on a freshly made Discord server.
export const EVERYONE_DEFAULT_PERMISSIONS =
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.CreatePublicThreads |
  P.EmbedLinks |
  P.AttachFiles |
  P.AddReactions |
  P.UseExternalEmojis |
  P.ReadMessageHistory |
  P.UseApplicationCommands |
  P.Connect |
  P.Speak |
  P.UseVAD |
  P.Stream |
  P.ChangeNickname |
  P.CreateInstantInvite;

// What a typical bot's invite link asks for (not Administrator, so tests can take pieces away).
export const BOT_DEFAULT_PERMISSIONS =
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.CreatePublicThreads |
  P.ManageThreads |
  P.ManageChannels |
  P.ManageMessages |
  P.EmbedLinks |
  P.ReadMessageHistory |
  P.MentionEveryone |
  P.Connect |
  P.MoveMembers;

export function guildPermissions(guild: SandboxGuild, userId: string): bigint {
  if (userId === guild.ownerId) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  if (!member) return 0n;
  const own = guild.roles.get(member.roleId)?.permissions ?? 0n;
  const total = guild.everyoneRole.permissions | own;
  return total & P.Administrator ? ALL_PERMISSIONS : total;
}

/** Discord's algorithm: guild permissions, then @everyone, role and member overwrites of the channel. */
export function channelPermissions(guild: SandboxGuild, userId: string, channel: SandboxChannel): bigint {
  const base = guildPermissions(guild, userId);
  if (userId === guild.ownerId || base & P.Administrator) return ALL_PERMISSIONS;
  const scope =
    channel.parentId && isThreadType(channel.type)
      ? (guild.channels.get(channel.parentId) ?? channel)
      : channel;
  const member = guild.members.get(userId);
  let permissions = base;
  const apply = (overwrite: { allow: bigint; deny: bigint } | undefined) => {
    if (overwrite) permissions = (permissions & ~overwrite.deny) | overwrite.allow;
  };
  apply(scope.overwrites.find((overwrite) => overwrite.id === guild.id));
  apply(scope.overwrites.find((overwrite) => overwrite.type === 0 && overwrite.id === member?.roleId));
  apply(scope.overwrites.find((overwrite) => overwrite.type === 1 && overwrite.id === userId));
  return permissions;
}

export function isThreadType(type: number): boolean {
  return type === 10 || type === 11 || type === 12;
}

export function hasPermission(permissions: bigint, flag: bigint): boolean {
  return (permissions & flag) === flag;
}

export { P as Permission };
