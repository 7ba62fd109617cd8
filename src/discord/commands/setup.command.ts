import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
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
    .toJSON(),

  requiresManageServer: true,

  async execute(interaction, { timeZones }) {
    const result = await timeZones.setServerTimeZone({
      guildId: interaction.guildId!,
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
