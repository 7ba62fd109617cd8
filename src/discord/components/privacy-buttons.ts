import type { ButtonInteraction } from 'discord.js';
import type { Services } from '../../services/index.js';
import type { CustomId } from '../custom-ids.js';
import { memberErrorText } from '../render/member-errors.js';
import { deleteCancelled, notYourButton, renderDeleted } from '../render/privacy.js';
import { onlyForYou } from '../render/replies.js';

/** The Confirm and Cancel buttons of /privacy delete. */
export async function pressPrivacyButton(
  interaction: ButtonInteraction,
  id: Extract<CustomId, { feature: 'privacy' }>,
  { privacy }: Services,
) {
  if (interaction.user.id !== id.userId) {
    await interaction.reply(onlyForYou({ content: notYourButton }));
    return;
  }
  if (id.action === 'cancel-delete') {
    await interaction.update({ content: deleteCancelled, components: [] });
    return;
  }
  // Deleting years of logs can take longer than Discord waits for an answer.
  await interaction.deferUpdate();
  const result = await privacy.deleteMember({
    guildId: interaction.guildId!,
    userId: id.userId,
    askedAt: id.askedAt,
  });
  await interaction.editReply({
    content: result.ok ? renderDeleted(result.value) : `⚠️ ${memberErrorText(result.error)}`,
    components: [],
  });
}
