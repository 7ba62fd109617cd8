import { type Guild, PermissionFlagsBits as P, type PermissionsBitField } from 'discord.js';
import type { RemindersError } from '../core/reminders.errors.js';

/** What the bot needs where it posts: with embeds (the weekly board, a hold's live message) or text only. */
export const postingNeeds = {
  text: [P.ViewChannel, P.SendMessages],
  embeds: [P.ViewChannel, P.SendMessages, P.EmbedLinks],
} as const;

/** The permissions' names as Discord's server settings show them, for the members who must grant them. */
const names = new Map<bigint, string>([
  [P.ViewChannel, 'View Channel'],
  [P.SendMessages, 'Send Messages'],
  [P.EmbedLinks, 'Embed Links'],
  [P.ManageChannels, 'Manage Channels'],
  [P.CreatePublicThreads, 'Create Public Threads'],
  [P.SendMessagesInThreads, 'Send Messages in Threads'],
  [P.ReadMessageHistory, 'Read Message History'],
]);

/**
 * The names of the permissions in `needed` that `has` lacks (all of them when unknown). Read from
 * discord.js's cache, so the bot asks before acting and never spends a refused request to find out.
 */
export function missingPermissions(
  has: Readonly<PermissionsBitField> | null | undefined,
  needed: readonly bigint[],
): string[] {
  return needed
    .filter((flag) => !has?.has(flag, true))
    .map((flag) => names.get(flag) ?? `permission ${flag}`);
}

/**
 * A refusal when the bot could not post in a server channel (View Channel, Send Messages, and Embed
 * Links for embeds), from the cache; null when it can, or when the channel is not cached to ask.
 */
export function cannotPostIn(
  guild: Guild | null,
  channelId: string,
  needed: readonly bigint[],
): RemindersError | null {
  const channel = guild?.channels.cache.get(channelId);
  const me = guild?.members.me;
  if (!channel || !me) return null;
  const missing = missingPermissions(channel.permissionsFor(me), needed);
  return missing.length > 0 ? { code: 'schedule.cannot_post', channelId, missing } : null;
}
