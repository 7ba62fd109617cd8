import { DiscordAPIError, RESTJSONErrorCodes, Routes, type Client } from 'discord.js';
import type { Reminder } from '../db/schema.js';
import type { ReminderSender } from '../scheduler/reminder-dispatcher.js';
import { renderReminder, renderReminderDisabled } from './render/reminders.js';

/** Errors that mean the reminder cannot reach its channel until someone changes something. */
const unreachableCodes = new Set<number>([
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
]);

export function createReminderSender(client: Client): ReminderSender {
  return {
    async deliver(reminder, nonce) {
      try {
        // Straight to REST: one request per fire, with no channel fetch before it.
        await client.rest.post(Routes.channelMessages(reminder.channelId), {
          body: { ...renderReminder(reminder), nonce, enforce_nonce: true },
        });
        return 'sent';
      } catch (error) {
        if (
          error instanceof DiscordAPIError &&
          typeof error.code === 'number' &&
          unreachableCodes.has(error.code)
        ) {
          return 'unreachable';
        }
        throw error;
      }
    },

    async tellOwnerDisabled(reminder: Reminder) {
      try {
        const owner = await client.users.fetch(reminder.ownerId);
        await owner.send(renderReminderDisabled(reminder));
      } catch {
        // Their DMs may be the very thing that is closed; /remind list shows why it stopped.
      }
    },
  };
}
