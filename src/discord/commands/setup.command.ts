import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../command.js';
import { replyWith } from '../reply-with.js';
import { describeSchedule } from '../render/reminders.js';
import { memberErrorReply, onlyForYou } from '../render/replies.js';
import { cannotPostIn, postingNeeds } from '../bot-permissions.js';
import { suggestZones, zoneMeaning } from './timezone.command.js';

export const setupCommand = {
  data: new SlashCommandBuilder()
    .setName('setup')
    .setDescription('Server settings for Align')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((sub) =>
      sub
        .setName('timezone')
        .setDescription('The server’s time zone, for members who haven’t set their own')
        .addStringOption((option) =>
          option
            .setName('zone')
            .setDescription('An IANA time zone, such as Europe/Berlin')
            .setRequired(true)
            .setAutocomplete(true),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('holds')
        .setDescription('Where hold channels are created (default: the category of the channel used)')
        .addChannelOption((option) =>
          option
            .setName('category')
            .setDescription('A category; leave empty to use the channel’s own category')
            .addChannelTypes(ChannelType.GuildCategory),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('leaderboard')
        .setDescription('Where and when the weekly leaderboard is posted (server time zone)')
        .addChannelOption((option) =>
          option
            .setName('channel')
            .setDescription('The channel for the weekly post')
            .setRequired(true)
            .addChannelTypes(ChannelType.GuildText),
        )
        .addIntegerOption((option) =>
          option
            .setName('day')
            .setDescription('Day of the week (default Monday)')
            .addChoices(
              ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map(
                (name, i) => ({
                  name,
                  value: i + 1,
                }),
              ),
            ),
        )
        .addStringOption((option) =>
          option
            .setName('time')
            .setDescription('HH:MM in the server’s time zone (default 09:00)')
            .setMaxLength(5),
        ),
    )
    .toJSON(),

  requiresManageServer: true,

  async execute(interaction, { timeZones, holds, reminders }) {
    const guildId = interaction.guildId!;
    if (interaction.options.getSubcommand() === 'leaderboard') {
      const channelId = interaction.options.getChannel('channel', true).id;
      // The board is an embed: refused now, not after three weeks of failed posts.
      const cannot = cannotPostIn(interaction.guild, channelId, postingNeeds.embeds);
      if (cannot) {
        await interaction.reply(memberErrorReply(cannot));
        return;
      }
      const result = await reminders.setWeeklyBoard({
        guildId,
        userId: interaction.user.id,
        channelId,
        day: interaction.options.getInteger('day') ?? 1,
        time: interaction.options.getString('time') ?? '09:00',
      });
      await replyWith(interaction, result, (value) =>
        onlyForYou({
          content: `🏆 The weekly leaderboard will be posted in <#${value.reminder.channelId}> ${describeSchedule(value.schedule)}`,
        }),
      );
      return;
    }
    if (interaction.options.getSubcommand() === 'holds') {
      const category = interaction.options.getChannel('category');
      const result = await holds.setHoldCategory(guildId, category?.id ?? null);
      await replyWith(interaction, result, () =>
        onlyForYou({
          content: category
            ? `🧘 Hold channels will be created in **${category.name}**.`
            : '🧘 Hold channels will be created next to the channel where `/hold start` is used.',
        }),
      );
      return;
    }
    const result = await timeZones.setServerTimeZone({
      guildId,
      timeZone: interaction.options.getString('zone', true),
    });
    if (result.ok) await reminders.followServerTimeZone(guildId);
    await replyWith(interaction, result, (value) =>
      onlyForYou({
        content: `🕰️ The server’s time zone is now **${value}**. Server schedules and the weekly board keep their local times. Members who set their own with \`/timezone\` keep theirs.${zoneMeaning(value)}`,
      }),
    );
  },

  autocomplete: suggestZones,
} satisfies SlashCommand;
