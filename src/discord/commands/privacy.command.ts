import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../command.js';
import { replyWith } from '../reply-with.js';
import { createExportFiles, renderDeleteConfirmation, renderExportMessage } from '../render/privacy.js';
import { memberErrorReply, onlyForYou } from '../render/replies.js';

export const privacyCommand = {
  data: new SlashCommandBuilder()
    .setName('privacy')
    .setDescription('Your data in this server: get a copy, delete it, or stay off the leaderboards')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub.setName('export').setDescription('Everything I keep about you here, as JSON and CSV files'),
    )
    .addSubcommand((sub) =>
      sub.setName('delete').setDescription('Delete everything I keep about you here (asks first)'),
    )
    .addSubcommand((sub) =>
      sub.setName('hide').setDescription('Keep logging, but stay off every leaderboard in this server'),
    )
    .addSubcommand((sub) => sub.setName('show').setDescription('Appear on the leaderboards again'))
    .toJSON(),

  async execute(interaction, { privacy, clock }) {
    const member = { guildId: interaction.guildId!, userId: interaction.user.id };
    switch (interaction.options.getSubcommand()) {
      case 'export': {
        // Discord says how large a file this server may receive: 10 MiB, more with boosts.
        const files = createExportFiles(interaction.attachmentSizeLimit);
        const result = await privacy.exportMember(member, {
          // Years of logs take a moment to read and write out; Discord wants an answer within 3 s.
          accepted: () => interaction.deferReply({ flags: MessageFlags.Ephemeral }),
          head: (head) => files.head(head),
          logs: (batch) => files.logs(batch),
        });
        if (!result.ok) {
          await interaction.reply(memberErrorReply(result.error));
          return;
        }
        const written = await files.finish();
        await interaction.editReply({
          content: renderExportMessage(result.value, written),
          files: written.map((file) => ({ name: file.name, attachment: file.data })),
        });
        return;
      }
      case 'delete':
        await interaction.reply(renderDeleteConfirmation(member.userId, clock.now()));
        return;
      case 'hide': {
        const result = await privacy.hide(member);
        await replyWith(interaction, result, () =>
          onlyForYou({
            content:
              '🙈 You are off the leaderboards in this server, the weekly post included, and other members can’t open your `/me`. Your logs, streaks and your own `/me` carry on as before. `/privacy show` puts you back.',
          }),
        );
        return;
      }
      case 'show': {
        const result = await privacy.show(member);
        await replyWith(interaction, result, () =>
          onlyForYou({
            content: '🏆 You are back on the leaderboards, with everything you logged meanwhile.',
          }),
        );
        return;
      }
    }
  },
} satisfies SlashCommand;
