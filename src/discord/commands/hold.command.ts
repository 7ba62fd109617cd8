import {
  ChannelType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import { holdMinutesRange, routines } from '../../core/routines.js';
import { holdRules } from '../../services/holds.js';
import type { SlashCommand } from '../command.js';
import { renderHoldList } from '../render/hold.js';
import { memberErrorReply, onlyForYou } from '../render/replies.js';
import { replyWith } from '../reply-with.js';

export const holdCommand = {
  data: new SlashCommandBuilder()
    .setName('hold')
    .setDescription('Group holds: lie on the floor together while Align keeps time')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub
        .setName('start')
        .setDescription('Open a group hold in a channel of its own')
        .addStringOption((option) =>
          option
            .setName('routine')
            .setDescription('What to hold')
            .setRequired(true)
            .addChoices(routines.map((routine) => ({ name: routine.name, value: routine.id }))),
        )
        .addIntegerOption((option) =>
          option
            .setName('minutes')
            .setDescription('How long (per leg for the groin stretch; the whole evening stretch)')
            .setMinValue(holdMinutesRange.min)
            .setMaxValue(holdMinutesRange.max),
        )
        .addChannelOption((option) =>
          option
            .setName('voice')
            .setDescription('A voice channel: joining it joins the hold')
            .addChannelTypes(ChannelType.GuildVoice, ChannelType.GuildStageVoice),
        )
        .addIntegerOption((option) =>
          option
            .setName('starts_in')
            .setDescription('Minutes until it starts, so people can get ready (default: now)')
            .setMinValue(0)
            .setMaxValue(holdRules.maxStartsInMinutes),
        ),
    )
    .addSubcommand((sub) => sub.setName('list').setDescription('The holds going on in this server'))
    .addSubcommand((sub) =>
      sub.setName('stop').setDescription('Stop the hold in this channel (its starter or a moderator)'),
    )
    .toJSON(),

  async execute(interaction, { holds }) {
    const guildId = interaction.guildId!;
    switch (interaction.options.getSubcommand()) {
      case 'start': {
        const voice = interaction.options.getChannel('voice');
        // Voice states, not the channel's members: members are not cached (see client.ts).
        const inVoice = voice
          ? (interaction.guild?.voiceStates.cache
              .filter((state) => state.channelId === voice.id)
              .map((state) => state.id) ?? [])
          : [];
        const request = {
          guildId,
          originChannelId: interaction.channelId,
          userId: interaction.user.id,
          routine: interaction.options.getString('routine', true),
          minutes: interaction.options.getInteger('minutes'),
          startsInMinutes: interaction.options.getInteger('starts_in'),
          voiceChannelId: voice?.id ?? null,
          inVoice,
        };
        const checked = await holds.checkStart(request);
        if (!checked.ok) {
          await interaction.reply(memberErrorReply(checked.error));
          return;
        }
        // Opening a channel and posting the lobby can take longer than Discord's 3 seconds when busy.
        await interaction.deferReply();
        const result = await holds.startHold(request);
        if (result.ok) {
          await interaction.editReply({
            content: `🧘 A hold is open in <#${result.value.channelId}>. Press **Join** there to lie down together.`,
          });
        } else {
          await interaction.deleteReply();
          await interaction.followUp(memberErrorReply(result.error));
        }
        return;
      }
      case 'list':
        await interaction.reply(onlyForYou({ content: renderHoldList(await holds.listHolds(guildId)) }));
        return;
      case 'stop': {
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        const result = await holds.stopHold({
          guildId,
          channelId: interaction.channelId,
          userId: interaction.user.id,
          canManageMessages: interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) ?? false,
        });
        await replyWith(interaction, result, (stopped) => ({
          content:
            stopped.status === 'cancelled'
              ? '🚫 The hold is cancelled. It hadn’t begun, so nothing is logged.'
              : '⏹️ The hold is stopped; time held so far is logged.',
        }));
        return;
      }
    }
  },
} satisfies SlashCommand;
