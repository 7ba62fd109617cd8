import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../command.js';
import { renderHelp } from '../render/help.js';

export const helpCommand = {
  data: new SlashCommandBuilder()
    .setName('help')
    .setDescription('The program, the units, and how points and streaks are counted')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .toJSON(),

  async execute(interaction) {
    await interaction.reply(renderHelp());
  },
} satisfies SlashCommand;
