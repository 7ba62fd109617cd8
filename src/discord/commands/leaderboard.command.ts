import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { periods, type Period } from '../../services/leaderboards.js';
import { exerciseChoices } from '../choices.js';
import type { SlashCommand } from '../command.js';
import { replyWith } from '../reply-with.js';
import { boardPage } from '../components/board-buttons.js';

export const leaderboardCommand = {
  data: new SlashCommandBuilder()
    .setName('leaderboard')
    .setDescription('Who showed up: ranked by days active, then streak, then points')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o
        .setName('period')
        .setDescription('Which stretch of time (default: this week)')
        .addChoices(periods.map((period) => ({ name: period, value: period }))),
    )
    .addStringOption((o) =>
      o.setName('exercise').setDescription('One exercise, ranked by total').setAutocomplete(true),
    )
    .toJSON(),

  async execute(interaction, services) {
    const page = await boardPage(
      interaction,
      services,
      {
        period: (interaction.options.getString('period') ?? 'week') as Period,
        exercise: interaction.options.getString('exercise'),
        page: 0,
      },
      () => interaction.deferReply(),
    );
    await replyWith(interaction, page, (reply) => reply);
  },

  async autocomplete(interaction) {
    await interaction.respond(exerciseChoices(interaction.options.getFocused()));
  },
} satisfies SlashCommand;
