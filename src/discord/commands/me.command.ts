import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../command.js';
import { replyWith } from '../reply-with.js';
import { memberName } from '../members.js';
import { renderStats } from '../render/stats.js';

export const meCommand = {
  data: new SlashCommandBuilder()
    .setName('me')
    .setDescription('Your week, your all-time totals, streaks and tiers')
    .setContexts(InteractionContextType.Guild)
    .addUserOption((option) => option.setName('member').setDescription('See another member instead'))
    .toJSON(),

  async execute(interaction, { memberStats }) {
    const user = interaction.options.getUser('member') ?? interaction.user;
    const result = await memberStats.memberStatsSeenBy(interaction.user.id, {
      guildId: interaction.guildId!,
      userId: user.id,
    });
    await replyWith(interaction, result, (value) =>
      renderStats(value, memberName(interaction, user), user.id === interaction.user.id),
    );
  },
} satisfies SlashCommand;
