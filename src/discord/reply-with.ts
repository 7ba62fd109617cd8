import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { Result } from '../core/result.js';
import { memberErrorReply, type Reply } from './render/replies.js';

/**
 * A command's usual ending: the rendered result, or the member's mistake said privately. How the
 * answer goes out follows what the handler has already done (nothing yet, a deferred reply, a reply).
 */
export async function replyWith<T>(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  result: Result<T>,
  render: (value: T) => Reply,
): Promise<void> {
  const reply = result.ok ? render(result.value) : memberErrorReply(result.error);
  if (interaction.deferred) {
    await interaction.editReply({
      content: reply.content ?? null,
      embeds: reply.embeds ?? [],
      ...(reply.components ? { components: reply.components } : {}),
    });
  } else if (interaction.replied) {
    await interaction.followUp(reply);
  } else {
    await interaction.reply(reply);
  }
}
