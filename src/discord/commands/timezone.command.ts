import { InteractionContextType, SlashCommandBuilder, type AutocompleteInteraction } from 'discord.js';
import { etcOffsetMeaning, suggestTimeZones } from '../../core/days.js';
import type { SlashCommand } from '../command.js';
import { replyWith } from '../reply-with.js';
import { onlyForYou } from '../render/replies.js';

export async function suggestZones(interaction: AutocompleteInteraction): Promise<void> {
  const zones = suggestTimeZones(interaction.options.getFocused());
  await interaction.respond(zones.map((zone) => ({ name: zone, value: zone })));
}

/** For `Etc/GMT+12`, a word that it means UTC−12: POSIX inverts the sign, and nobody expects that. */
export function zoneMeaning(zone: string): string {
  const meaning = etcOffsetMeaning(zone);
  return meaning
    ? ` That is a fixed offset, ${meaning} (the sign in \`Etc/GMT\` names is inverted), with no daylight saving.`
    : '';
}

export const timezoneCommand = {
  data: new SlashCommandBuilder()
    .setName('timezone')
    .setDescription('Set or see your time zone, so your days start at your midnight')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) =>
      option.setName('zone').setDescription('An IANA time zone, such as Europe/Berlin').setAutocomplete(true),
    )
    .toJSON(),

  async execute(interaction, { timeZones }) {
    const member = { guildId: interaction.guildId!, userId: interaction.user.id };
    const zone = interaction.options.getString('zone');
    if (zone === null) {
      const current = await timeZones.timeZoneOf(member);
      const from = { member: 'your own setting', server: 'the server’s time zone', default: 'the default' }[
        current.source
      ];
      await interaction.reply(
        onlyForYou({
          content: `🕰️ Your days run on **${current.zone}** (${from}). Change it with \`/timezone zone\`.`,
        }),
      );
      return;
    }
    const result = await timeZones.setMemberTimeZone({ ...member, timeZone: zone });
    await replyWith(interaction, result, (value) =>
      onlyForYou({
        content: `🕰️ Your time zone is now **${value}**. Your days start at midnight there.${zoneMeaning(value)}`,
      }),
    );
  },

  autocomplete: suggestZones,
} satisfies SlashCommand;
