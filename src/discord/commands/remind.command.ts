import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { reminderRules } from '../../services/reminders.js';
import type { SlashCommand } from '../command.js';
import { replyWith } from '../reply-with.js';
import { isDiscordError } from '../discord-errors.js';
import { memberErrorReply, onlyForYou } from '../render/replies.js';
import { describeSchedule, renderReminderList } from '../render/reminders.js';

export const remindCommand = {
  data: new SlashCommandBuilder()
    .setName('remind')
    .setDescription('Personal reminders by DM')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub
        .setName('add')
        .setDescription('A reminder on a schedule, sent to you by DM')
        .addStringOption((o) =>
          o
            .setName('when')
            .setDescription(
              'daily 20:30 · weekdays 07:30 · every 45 minutes · every 2 hours from 08:00 to 22:00 · cron',
            )
            .setRequired(true)
            .setMaxLength(100),
        )
        .addStringOption((o) =>
          o
            .setName('message')
            .setDescription('What to remind you of')
            .setRequired(true)
            .setMaxLength(reminderRules.maxMessageLength),
        )
        .addBooleanOption((o) =>
          o.setName('only_if_not_logged').setDescription('Skip it on days you have already logged something'),
        ),
    )
    .addSubcommand((sub) => sub.setName('list').setDescription('Your reminders in this server'))
    .addSubcommand((sub) =>
      sub
        .setName('remove')
        .setDescription('Stop one of your reminders')
        .addIntegerOption((o) =>
          o
            .setName('number')
            .setDescription('Its number, from /remind list')
            .setRequired(true)
            .setMinValue(1),
        ),
    )
    .toJSON(),

  async execute(interaction, { reminders }) {
    const member = { guildId: interaction.guildId!, userId: interaction.user.id };
    switch (interaction.options.getSubcommand()) {
      case 'add': {
        const request = {
          ...member,
          when: interaction.options.getString('when', true),
          message: interaction.options.getString('message', true),
          onlyIfNotLogged: interaction.options.getBoolean('only_if_not_logged') ?? false,
        };
        const checked = await reminders.checkPersonal(request);
        if (!checked.ok) {
          await interaction.reply(memberErrorReply(checked.error));
          return;
        }
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        let dmChannelId: string;
        try {
          dmChannelId = (await interaction.user.createDM()).id;
        } catch (error) {
          if (!isDiscordError(error)) throw error;
          await interaction.editReply({
            content: '⚠️ I can’t open a DM with you. Allow DMs from this server’s members, then try again.',
          });
          return;
        }
        const result = await reminders.addPersonal({ ...request, dmChannelId });
        await replyWith(interaction, result, (value) => ({
          content: `⏰ Reminder **#${value.reminder.number}** saved: ${describeSchedule(value.schedule)}${
            request.onlyIfNotLogged ? '\nIt stays quiet on days you’ve already logged.' : ''
          }`,
        }));
        return;
      }
      case 'list':
        await interaction.reply(
          onlyForYou({
            content: renderReminderList(
              await reminders.listPersonal(member),
              'You have no reminders here. Add one with `/remind add`.',
            ),
          }),
        );
        return;
      case 'remove': {
        const result = await reminders.removePersonal({
          ...member,
          number: interaction.options.getInteger('number', true),
        });
        await replyWith(interaction, result, (value) =>
          onlyForYou({ content: `🗑️ Reminder #${value.number} removed.` }),
        );
        return;
      }
    }
  },
} satisfies SlashCommand;
