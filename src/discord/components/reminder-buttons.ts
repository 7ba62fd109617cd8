import type { ButtonInteraction } from 'discord.js';
import type { Services } from '../../services/index.js';
import type { CustomId } from '../custom-ids.js';
import { renderReminderStopped } from '../render/reminders.js';
import { memberErrorReply, onlyForYou } from '../render/replies.js';

/** "Stop this reminder" on a reminder's DM: it works there, where no server command can be run. */
export async function pressReminderStop(
  interaction: ButtonInteraction,
  id: Extract<CustomId, { feature: 'reminder' }>,
  { reminders }: Services,
) {
  const result = await reminders.stopPersonal({ reminderId: id.reminderId, userId: interaction.user.id });
  await interaction.reply(
    result.ok ? onlyForYou({ content: renderReminderStopped(result.value) }) : memberErrorReply(result.error),
  );
}
