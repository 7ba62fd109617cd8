import {
  DiscordAPIError,
  PermissionFlagsBits as P,
  RESTJSONErrorCodes,
  Routes,
  type APIEmbed,
  type APIMessage,
  type Client,
} from 'discord.js';
import type { Reminder } from '../db/schema.js';
import type {
  Delivery,
  PostLookup,
  Refusal,
  ReminderSender,
  ScheduledMessage,
} from '../services/reminder-fires.js';
import { isLastingRefusal } from '../shared/request-brake.js';
import { missingPermissions } from './bot-permissions.js';
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

/** What reading a channel's recent messages needs (without Read Message History Discord answers nothing). */
const readingNeeds = [P.ViewChannel, P.ReadMessageHistory];
/** How far back a look after a crash reads: 300 messages. */
const lookupPages = 3;
/** The bot's clock and Discord's may differ a little; the look reads a minute further back. */
const clockSkewMs = 60_000;

/**
 * The fire's key, in the post's small print (the board's footer), so that after a crash the bot can
 * find out whether the post went out: Discord keeps no nonce in a message it lists.
 */
export function withFireKey(message: ScheduledMessage, key: string): ScheduledMessage {
  const embeds = message.embeds as APIEmbed[] | undefined;
  const last = embeds?.at(-1);
  if (embeds && last) {
    const footer = last.footer?.text ? `${last.footer.text} · ${key}` : key;
    return {
      ...message,
      embeds: [...embeds.slice(0, -1), { ...last, footer: { ...last.footer, text: footer } }],
    };
  }
  return { ...message, content: `${String(message.content ?? '')} · ${key}` };
}

function carriesFireKey(message: APIMessage, key: string): boolean {
  return (
    message.content.endsWith(` · ${key}`) ||
    message.embeds.some((embed) => embed.footer?.text.endsWith(key) ?? false)
  );
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

    async deliver(reminder, message, key): Promise<Delivery> {
      try {
        // Straight to REST: one request per fire, with no channel fetch before it.
        const posted = (await client.rest.post(Routes.channelMessages(reminder.channelId), {
          body: { ...withFireKey(message, key), nonce: key, enforce_nonce: true },
        })) as APIMessage;
        return { sent: posted.id };
      } catch (error) {
        // The nonce's first message went out and has since been deleted (discord-api-docs#6647).
        if (isDiscordError(error, C.UnknownMessage)) return { sent: null };
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

    async findPosted(reminder, key, postingAt): Promise<PostLookup> {
      // Where the bot may not read history, Discord answers an empty list: that would read as "absent".
      const guild = client.guilds.cache.get(reminder.guildId);
      if (reminder.kind !== 'personal') {
        const channel = guild?.channels.cache.get(reminder.channelId);
        const me = guild?.members.me;
        if (!channel || !me || missingPermissions(channel.permissionsFor(me), readingNeeds).length > 0) {
          return 'cannot-look';
        }
      }
      const since = postingAt.getTime() - clockSkewMs;
      let before: string | undefined;
      try {
        for (let page = 0; page < lookupPages; page++) {
          const query = new URLSearchParams({ limit: '100', ...(before ? { before } : {}) });
          const batch = (await client.rest.get(Routes.channelMessages(reminder.channelId), {
            query,
          })) as APIMessage[];
          const mine = batch.find((m) => m.author.id === client.user?.id && carriesFireKey(m, key));
          if (mine) return { found: mine.id };
          const oldest = batch.at(-1);
          if (batch.length < 100 || !oldest || Date.parse(oldest.timestamp) < since) return 'absent';
          before = oldest.id;
        }
        // Too much said since the post to read back to it: better unknown than twice.
        return 'cannot-look';
      } catch (error) {
        if (isLastingRefusal(error)) return 'cannot-look';
        throw error;
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
