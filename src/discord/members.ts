import type { BaseInteraction, User } from 'discord.js';

/** The name a member is shown by in this server: their nickname, else their display name. */
export function memberName(interaction: BaseInteraction, user: User = interaction.user): string {
  const member = interaction.guild?.members.cache.get(user.id);
  return member?.displayName ?? user.displayName;
}
