import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { routines } from '../../core/routines.js';
import { reminderRules } from '../../services/reminders.js';
import type { SlashCommand } from '../command.js';
import { replyWith } from '../reply-with.js';
import { memberErrorReply, onlyForYou } from '../render/replies.js';
import { cannotPostIn, postingNeeds } from '../bot-permissions.js';
import { describeSchedule, renderReminderList } from '../render/reminders.js';

export const scheduleCommand = {
  data: new SlashCommandBuilder()
    .setName('schedule')
    .setDescription('Server reminders posted in a channel')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((sub) =>
      sub
        .setName('add')
        .setDescription('Post a message on a schedule, optionally opening a group hold')
        .addStringOption((o) =>
          o
            .setName('when')
            .setDescription('daily 20:30 · weekdays 07:30 · mon,wed,fri 18:00 · a cron expression')
            .setRequired(true)
            .setMaxLength(100),
        )
        .addChannelOption((o) =>
          o
            .setName('channel')
            .setDescription('Where to post')
            .setRequired(true)
            .addChannelTypes(ChannelType.GuildText),
        )
        .addStringOption((o) =>
          o
            .setName('message')
            .setDescription('What to post')
            .setRequired(true)
            .setMaxLength(reminderRules.maxMessageLength),
        )
        .addStringOption((o) =>
          o
            .setName('open_hold')
            .setDescription('Also open a group hold of this routine')
            .addChoices(routines.map((routine) => ({ name: routine.name, value: routine.id }))),
        ),
    )
    .addSubcommand((sub) => sub.setName('list').setDescription('This server’s schedules'))
    .addSubcommand((sub) =>
      sub
        .setName('remove')
        .setDescription('Stop a schedule')
        .addIntegerOption((o) =>
          o
            .setName('number')
            .setDescription('Its number, from /schedule list')
            .setRequired(true)
            .setMinValue(1)
            .setMaxValue(reminderRules.maxNumber),
        ),
    )
    .toJSON(),

  requiresManageServer: true,

  async execute(interaction, { reminders }) {
    const guildId = interaction.guildId!;
    switch (interaction.options.getSubcommand()) {
      case 'add': {
        const channelId = interaction.options.getChannel('channel', true).id;
        const cannot = cannotPostIn(interaction.guild, channelId, postingNeeds.text);
        if (cannot) {
          await interaction.reply(memberErrorReply(cannot));
          return;
        }
        const result = await reminders.addServerSchedule({
          guildId,
          userId: interaction.user.id,
          channelId,
          when: interaction.options.getString('when', true),
          message: interaction.options.getString('message', true),
          openHoldRoutine: interaction.options.getString('open_hold'),
        });
        await replyWith(interaction, result, (value) =>
          onlyForYou({
            content: `📅 Schedule **#${value.reminder.number}** saved for <#${value.reminder.channelId}>: ${describeSchedule(value.schedule)}`,
          }),
        );
        return;
      }
      case 'list':
        await interaction.reply(
          onlyForYou({
            content: renderReminderList(
              await reminders.listServer(guildId),
              'No schedules yet. Add one with `/schedule add`.',
            ),
          }),
        );
        return;
      case 'remove': {
        const result = await reminders.removeServer({
          guildId,
          number: interaction.options.getInteger('number', true),
        });
        await replyWith(interaction, result, (value) =>
          onlyForYou({ content: `🗑️ Schedule #${value.number} removed.` }),
        );
        return;
      }
    }
  },
} satisfies SlashCommand;
