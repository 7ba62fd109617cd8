import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { backfillDays } from '../../core/days.js';
import { noteMaxLength } from '../../core/notes.js';
import { exerciseChoices } from '../choices.js';
import type { SlashCommand } from '../command.js';
import { memberName } from '../members.js';
import { renderLogged } from '../render/log.js';
import { replyWith } from '../reply-with.js';

export const logCommand = {
  data: new SlashCommandBuilder()
    .setName('log')
    .setDescription('Record an exercise you did')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) =>
      option.setName('exercise').setDescription('What you did').setRequired(true).setAutocomplete(true),
    )
    .addStringOption((option) =>
      option
        .setName('amount')
        .setDescription('Reps (30) or a duration (90s, 2m, 1:30)')
        .setRequired(true)
        .setMaxLength(20),
    )
    .addStringOption((option) =>
      option.setName('note').setDescription('A short note for yourself').setMaxLength(noteMaxLength),
    )
    .addStringOption((option) =>
      option
        .setName('day')
        .setDescription(`Back-fill a day up to ${backfillDays} days ago (default: today)`)
        .setAutocomplete(true),
    )
    .toJSON(),

  async execute(interaction, { exerciseLog }) {
    const result = await exerciseLog.logExercise({
      guildId: interaction.guildId!,
      userId: interaction.user.id,
      exercise: interaction.options.getString('exercise', true),
      amount: interaction.options.getString('amount', true),
      note: interaction.options.getString('note'),
      day: interaction.options.getString('day'),
    });
    await replyWith(interaction, result, (logged) => renderLogged(logged, memberName(interaction)));
  },

  async autocomplete(interaction, { exerciseLog }) {
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'exercise') {
      await interaction.respond(exerciseChoices(focused.value));
      return;
    }
    const loggable = await exerciseLog.loggableDays({
      guildId: interaction.guildId!,
      userId: interaction.user.id,
    });
    const days = loggable.map((day, back) => {
      const label = back === 0 ? 'today' : back === 1 ? 'yesterday' : `${back} days ago`;
      return { name: `${label} (${day})`, value: day };
    });
    const typed = focused.value.toLowerCase();
    await interaction.respond(days.filter((day) => day.name.includes(typed)));
  },
} satisfies SlashCommand;
