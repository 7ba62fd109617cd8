import { RESTJSONErrorCodes, Routes, type Client } from 'discord.js';
import type { Reminder } from '../db/schema.js';
import type { ReminderSender } from '../services/reminder-fires.js';
import type { Services } from '../services/index.js';
import { isLastingRefusal } from '../shared/request-brake.js';
import { isDiscordError } from './discord-errors.js';
import { presentMembers } from './members.js';
import { renderWeeklyReport } from './render/leaderboard.js';
import { renderReminder, renderReminderDisabled } from './render/reminders.js';

/** Errors that mean the reminder cannot reach its channel until someone changes something. */
const unreachableCodes = new Set<number>([
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
]);

export function createReminderSender(client: Client, services: Services): ReminderSender {
  return {
    async compose(reminder, fireAt) {
      if (reminder.kind !== 'leaderboard') return renderReminder(reminder);
      const report = await services.leaderboards.weeklyReport({
        guildId: reminder.guildId,
        postedAt: fireAt,
      });
      const mentioned = new Set([
        ...report.standings.slice(0, 15).map((s) => s.entry.userId),
        ...report.newBestStreaks.map((b) => b.userId),
        ...report.tiers.map((t) => t.userId),
        ...report.champions.map((c) => c.userId),
        ...(report.mostImproved ? [report.mostImproved.userId] : []),
      ]);
      return renderWeeklyReport(
        report,
        await presentMembers(client, services, reminder.guildId, [...mentioned]),
      );
    },

    async deliver(channelId, message, nonce) {
      try {
        // Straight to REST: one request per fire, with no channel fetch before it.
        await client.rest.post(Routes.channelMessages(channelId), {
          body: { ...message, nonce, enforce_nonce: true },
        });
        return 'sent';
      } catch (error) {
        // The nonce's first message went out and has since been deleted (discord-api-docs#6647).
        if (isDiscordError(error, RESTJSONErrorCodes.UnknownMessage)) return 'sent';
        // Any other lasting refusal is a failure, never a passing fault retried every minute.
        if (isDiscordError(error, ...unreachableCodes) || isLastingRefusal(error)) return 'unreachable';
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
