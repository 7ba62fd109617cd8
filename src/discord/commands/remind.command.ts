import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { reminderRules } from '../../services/reminders.js';
import type { SlashCommand } from '../command.js';
import { replyWith } from '../reply-with.js';
import { isDiscordError } from '../discord-errors.js';
import { memberErrorReply, onlyForYou } from '../render/replies.js';
import { dmRefusedCodes } from '../reminder-sender.js';
import { describeSchedule, renderReminderConfirmation, renderReminderList } from '../render/reminders.js';

const closedDmsWarning =
  '⚠️ I couldn’t send you a DM, so I didn’t save this reminder: it could never reach you. To get reminders, allow direct messages from this server’s members (Privacy Settings in the server menu), then run `/remind add` again.';

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
            .setMinValue(1)
            .setMaxValue(reminderRules.maxNumber),
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
        // Discord opens a DM channel whatever the member's settings; only a message shows if DMs are closed.
        const dm = await interaction.user.createDM();
        const result = await reminders.addPersonal({ ...request, dmChannelId: dm.id });
        if (result.ok) {
          try {
            await dm.send(
              renderReminderConfirmation(result.value.reminder, interaction.guild?.name ?? 'this server'),
            );
          } catch (error) {
            if (!isDiscordError(error, ...dmRefusedCodes)) throw error;
            // Not kept: it could never arrive, and kept it would fail unseen three times before stopping.
            await reminders.discardUndeliverable(result.value.reminder);
            await interaction.editReply({ content: closedDmsWarning });
            return;
          }
        }
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
