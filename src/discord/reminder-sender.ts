import { DiscordAPIError, RESTJSONErrorCodes, Routes, type Client } from 'discord.js';
import type { Reminder } from '../db/schema.js';
import type { Delivery, Refusal, ReminderSender } from '../services/reminder-fires.js';
import type { Services } from '../services/index.js';
import { isDiscordError } from './discord-errors.js';
import { presentMembers } from './members.js';
import { renderWeeklyReport } from './render/leaderboard.js';
import { renderReminder, renderReminderDisabled } from './render/reminders.js';

const C = RESTJSONErrorCodes;

/** The DM codes discord-api-types groups as CannotSendMessagesToThisUserErrorCodes. */
export const dmRefusedCodes = [
  C.CannotSendMessagesToThisUser,
  C.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds,
];

const refusalByCode = new Map<number, Refusal>([
  [C.CannotSendMessagesToThisUser, 'dms-closed'],
  [C.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds, 'dms-closed'],
  [C.UnknownChannel, 'channel-gone'],
  [C.UnknownGuild, 'channel-gone'],
  [C.MissingAccess, 'not-allowed'],
  [C.MissingPermissions, 'not-allowed'],
  [C.CannotSendMessagesInNonTextChannel, 'not-allowed'],
  [C.InvalidActionOnArchivedThread, 'not-allowed'],
  [C.MessageWasBlockedByAutomaticModeration, 'blocked'],
  [C.TitleWasBlockedByAutomaticModeration, 'blocked'],
  [C.MessageBlockedByHarmfulLinksFilter, 'blocked'],
]);

/**
 * Whether Discord refused a post for good: any 4xx but a rate limit (discord.js waits those out), a bad
 * token (the bot's fault, not the reminder's) and 10008, which an enforced nonce answers when the
 * first attempt landed and was deleted since. Sending it again would be refused again.
 */
export function refusalOf(error: unknown): Refusal | undefined {
  if (!(error instanceof DiscordAPIError)) return undefined;
  if (error.status < 400 || error.status >= 500 || error.status === 401 || error.status === 429)
    return undefined;
  if (error.code === C.UnknownMessage) return undefined;
  return (typeof error.code === 'number' && refusalByCode.get(error.code)) || 'refused';
}

export function createReminderSender(client: Client, services: Services): ReminderSender {
  /** After a refused DM: is the member still in the reminder's server? Only a clear 10007 says no. */
  async function memberLeft(reminder: Reminder): Promise<boolean> {
    try {
      await client.rest.get(Routes.guildMember(reminder.guildId, reminder.ownerId));
      return false;
    } catch (error) {
      return isDiscordError(error, C.UnknownMember);
    }
  }

  async function dm(userId: string, message: ReturnType<typeof renderReminderDisabled>) {
    try {
      const user = await client.users.fetch(userId);
      await user.send(message);
    } catch {
      // Their DMs may be the very thing that is closed; /remind list and /schedule list show why it stopped.
    }
  }

  return {
    async compose(reminder, fireAt, holdRefused) {
      if (reminder.kind !== 'leaderboard') {
        return renderReminder(reminder, client.guilds.cache.get(reminder.guildId)?.name, holdRefused);
      }
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

    async deliver(reminder, message, nonce): Promise<Delivery> {
      try {
        // Straight to REST: one request per fire, with no channel fetch before it.
        await client.rest.post(Routes.channelMessages(reminder.channelId), {
          body: { ...message, nonce, enforce_nonce: true },
        });
        return 'sent';
      } catch (error) {
        // The nonce's first message went out and has since been deleted (discord-api-docs#6647).
        if (isDiscordError(error, C.UnknownMessage)) return 'sent';
        const refused = refusalOf(error);
        if (!refused) throw error;
        if (reminder.kind === 'personal') {
          // 50278: no server in common with the bot, so not in this one. 50007 may be closed DMs or a
          // member who left but shares another server with the bot: Discord is asked which.
          if (isDiscordError(error, C.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds))
            return 'member-left';
          if (isDiscordError(error, C.CannotSendMessagesToThisUser) && (await memberLeft(reminder))) {
            return 'member-left';
          }
        }
        return { refused };
      }
    },

    async tellOwnerDisabled(reminder: Reminder) {
      const guild = client.guilds.cache.get(reminder.guildId);
      const notice = renderReminderDisabled(reminder, guild?.name);
      await dm(reminder.ownerId, notice);
      // A server post concerns the whole server: its owner hears of it too, should the admin be gone.
      if (reminder.kind !== 'personal' && guild && guild.ownerId !== reminder.ownerId) {
        await dm(guild.ownerId, notice);
      }
    },
  };
}
