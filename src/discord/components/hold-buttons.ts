import type { ButtonInteraction } from 'discord.js';
import type { Services } from '../../services/index.js';
import type { CustomId } from '../custom-ids.js';
import { onlyForYou } from '../render/replies.js';
import { replyWith } from '../reply-with.js';

export async function pressHoldButton(
  interaction: ButtonInteraction,
  id: Extract<CustomId, { feature: 'hold' }>,
  { holds }: Services,
) {
  // The server the button was pressed in: a crafted id must not reach another server's hold.
  const request = {
    sessionId: id.sessionId,
    guildId: interaction.guildId ?? '',
    userId: interaction.user.id,
  };
  const result =
    id.action === 'join'
      ? await holds.joinHold({ ...request, bot: interaction.user.bot })
      : await holds.leaveHold(request);
  const done =
    id.action === 'join'
      ? '🧘 You’re in. Get into position; I’ll call the changes.'
      : '👋 You’ve left the hold; your time so far counts.';
  await replyWith(interaction, result, () => onlyForYou({ content: done }));
  if (result.ok) await holds.showChange(result.value);
}
