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

/** A member's server-wide permissions: @everyone and every role they have (docs/topics/permissions.mdx). */
export function guildPermissions(guild: SandboxGuild, userId: string): bigint {
  if (userId === guild.ownerId) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  if (!member) return 0n;
  let total = guild.everyoneRole.permissions;
  for (const roleId of member.roleIds) total |= guild.roles.get(roleId)?.permissions ?? 0n;
  if (total & P.Administrator) return ALL_PERMISSIONS;
  return timedOut(guild, member) ? total & TIMED_OUT_KEEPS : total;
}

// "Timed out members will temporarily lose all permissions except VIEW_CHANNEL and READ_MESSAGE_HISTORY."
const TIMED_OUT_KEEPS = P.ViewChannel | P.ReadMessageHistory;
// permissions.mdx, "Implicit Permissions": without Send Messages these go too.
const NEED_SEND_MESSAGES = P.MentionEveryone | P.SendTTSMessages | P.AttachFiles | P.EmbedLinks;

const timedOut = (guild: SandboxGuild, member: { communicationDisabledUntil: number | null }) =>
  member.communicationDisabledUntil !== null && member.communicationDisabledUntil > guild.now();

/**
 * Discord's algorithm: guild permissions, then the channel's @everyone overwrite, the overwrites of all
 * the member's roles together (denies, then allows) and the member's own; then the implicit rules: no
 * View Channel means nothing, no Send Messages means no embeds, files or @everyone; a timeout leaves
 * only viewing and reading. Threads use their parent's overwrites.
 */
export function channelPermissions(guild: SandboxGuild, userId: string, channel: SandboxChannel): bigint {
  const base = guildPermissions(guild, userId);
  if (userId === guild.ownerId || base & P.Administrator) return ALL_PERMISSIONS;
  const thread = channel.parentId !== null && isThreadType(channel.type);
  const scope = thread ? (guild.channels.get(channel.parentId!) ?? channel) : channel;
  const member = guild.members.get(userId);
  let permissions = base;
  const everyone = scope.overwrites.find((overwrite) => overwrite.id === guild.id);
  if (everyone) permissions = (permissions & ~everyone.deny) | everyone.allow;
  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const overwrite of scope.overwrites) {
    if (overwrite.type === 0 && overwrite.id !== guild.id && member?.roleIds.includes(overwrite.id)) {
      roleAllow |= overwrite.allow;
      roleDeny |= overwrite.deny;
    }
  }
  permissions = (permissions & ~roleDeny) | roleAllow;
  const own = scope.overwrites.find((overwrite) => overwrite.type === 1 && overwrite.id === userId);
  if (own) permissions = (permissions & ~own.deny) | own.allow;
  if (!(permissions & P.ViewChannel)) return 0n;
  const send = thread ? P.SendMessagesInThreads : P.SendMessages;
  if (!(permissions & send)) permissions &= ~NEED_SEND_MESSAGES;
  return member && timedOut(guild, member) ? permissions & TIMED_OUT_KEEPS : permissions;
}

export function isThreadType(type: number): boolean {
  return type === 10 || type === 11 || type === 12;
}

export function hasPermission(permissions: bigint, flag: bigint): boolean {
  return (permissions & flag) === flag;
}

export { P as Permission };
