import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../command.js';
import { renderUndone } from '../render/log.js';
import { replyWith } from '../reply-with.js';

export const undoCommand = {
  data: new SlashCommandBuilder()
    .setName('undo')
    .setDescription('Remove your most recent log')
    .setContexts(InteractionContextType.Guild)
    .toJSON(),

  async execute(interaction, { exerciseLog }) {
    const result = await exerciseLog.undoLastLog({
      guildId: interaction.guildId!,
      userId: interaction.user.id,
    });
    await replyWith(interaction, result, renderUndone);
  },
} satisfies SlashCommand;
