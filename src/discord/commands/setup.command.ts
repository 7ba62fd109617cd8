import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../command.js';
import { memberErrorReply, onlyForYou } from '../render/replies.js';
import { suggestZones } from './timezone.command.js';

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
    .toJSON(),

  requiresManageServer: true,

  async execute(interaction, { timeZones, holds }) {
    const guildId = interaction.guildId!;
    if (interaction.options.getSubcommand() === 'holds') {
      const category = interaction.options.getChannel('category');
      await holds.setHoldCategory(guildId, category?.id ?? null);
      await interaction.reply(
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
    await interaction.reply(
      result.ok
        ? onlyForYou({
            content: `🕰️ The server’s time zone is now **${result.value}**. Members who set their own with \`/timezone\` keep theirs.`,
          })
        : memberErrorReply(result.error),
    );
  },

  autocomplete: suggestZones,
} satisfies SlashCommand;
