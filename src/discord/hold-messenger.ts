import {
  ChannelType,
  type Client,
  type GuildMember,
  type GuildTextBasedChannel,
  type NonThreadGuildBasedChannel,
  OverwriteType,
  PermissionFlagsBits as P,
  RESTJSONErrorCodes,
  ThreadAutoArchiveDuration,
} from 'discord.js';
import { holdLiveRules } from '../core/hold-steps.js';
import type { HoldError } from '../core/holds.errors.js';
import { err, ok } from '../core/result.js';
import type { HoldSession } from '../db/schema.js';
import type { HoldMessenger, HoldView } from '../services/holds.js';
import { missingPermissions } from './bot-permissions.js';
import { isDiscordError } from './discord-errors.js';
import { createEditPacer, createEditQueue } from './edit-queue.js';
import { renderHoldAnnouncement, renderHoldLive } from './render/hold.js';

/** Discord's caps (resources/channel.mdx): channels in one category, and in one server (threads aside). */
const maxPerCategory = 50;
const maxPerServer = 500;

/** A hold channel: made in its category; the bot lets itself in with an overwrite of its own. */
const channelNeeds = {
  inCategory: [P.ViewChannel, P.ManageChannels],
  forItself: [P.ViewChannel, P.SendMessages, P.EmbedLinks],
};
const botAllow = P.ViewChannel | P.SendMessages | P.EmbedLinks | P.ReadMessageHistory | P.ManageChannels;
/** A hold thread, made in the channel where the hold was started. */
const threadNeeds = [P.ViewChannel, P.CreatePublicThreads, P.SendMessagesInThreads, P.EmbedLinks];

/**
 * The hold channel's overwrites: those of the channel where the hold was started, so the members who
 * can see that channel, and nobody else, see the hold; and the bot's own. Discord lets a bot set only
 * permissions it has in the server, and Manage Roles only as an administrator (guild.mdx, Create
 * Guild Channel), so the copy keeps just those bits.
 */
function audienceOf(home: NonThreadGuildBasedChannel, me: GuildMember) {
  const settable = me.permissions.has(P.Administrator)
    ? me.permissions.bitfield
    : me.permissions.bitfield & ~P.ManageRoles;
  const copied = home.permissionOverwrites.cache
    .filter((overwrite) => overwrite.id !== me.id)
    .map((overwrite) => ({
      id: overwrite.id,
      type: overwrite.type,
      allow: overwrite.allow.bitfield & settable,
      deny: overwrite.deny.bitfield & settable,
    }));
  return [...copied, { id: me.id, type: OverwriteType.Member, allow: botAllow & settable, deny: 0n }];
}

/** Holds' Discord side: a channel of their own (a thread without Manage Channels), one live message, announcements. */
/**
 * Live-message edits get at most this share of Discord's 50 requests a second, and none while an
 * announcement is on its way: when many holds switch or end together, the announcements members
 * wait for take the whole budget, and the live messages catch up after.
 */
const liveEditsPerSecond = 20;

export function createHoldMessenger(client: Client): HoldMessenger {
  /**
   * Where a hold can go, asked of discord.js's cache, so a bot without the permissions costs Discord
   * no refused requests: a channel in the chosen category (or the origin's), else a thread in the
   * origin channel; `refusal` says why neither can be made, `ifNeither` what to say should both fail.
   */
  async function planHoldChannel(request: {
    guildId: string;
    originChannelId: string;
    categoryId: string | null;
  }) {
    const guild = await client.guilds.fetch(request.guildId);
    const me = guild.members.me ?? (await guild.members.fetchMe());
    const origin = await client.channels.fetch(request.originChannelId);
    // In a thread or a forum post the hold takes after the channel the thread belongs to.
    const home = origin?.isThread() ? origin.parent : origin;
    if (!home || home.isDMBased() || home.isThread()) {
      throw new Error(`Hold origin ${request.originChannelId} is not a server channel`);
    }
    const chosen = request.categoryId ? guild.channels.cache.get(request.categoryId) : undefined;
    const category = chosen?.type === ChannelType.GuildCategory ? chosen : home.parent;
    const placed = guild.channels.cache.filter((channel) => !channel.isThread());
    const full =
      placed.size >= maxPerServer ||
      (category !== null &&
        placed.filter((channel) => channel.parentId === category.id).size >= maxPerCategory);
    const missing = [
      ...new Set([
        ...missingPermissions(
          category ? category.permissionsFor(me) : me.permissions,
          channelNeeds.inCategory,
        ),
        ...missingPermissions(me.permissions, channelNeeds.forItself),
      ]),
    ];
    const threadMissing =
      home.type === ChannelType.GuildText ? missingPermissions(home.permissionsFor(me), threadNeeds) : null;
    const channel = missing.length === 0 && !full;
    const thread = threadMissing?.length === 0;
    const ifNeither: HoldError =
      missing.length === 0
        ? { code: 'hold.no_room', categoryId: category?.id ?? null }
        : { code: 'hold.cannot_open', categoryId: category?.id ?? null, missing, threadMissing };
    return {
      guild,
      me,
      home,
      category,
      channel,
      thread,
      ifNeither,
      refusal: channel || thread ? null : ifNeither,
    };
  }

  let announcing = 0;
  const edits = createEditQueue(liveEditsPerSecond, { yieldWhile: () => announcing > 0 });
  /** Joins and leaves fold into one edit every few seconds per hold; phase changes and the end go at once. */
  const pacer = createEditPacer<HoldView>(holdLiveRules.minEditGapMs);

  async function holdChannel(session: HoldSession): Promise<GuildTextBasedChannel> {
    if (!session.holdChannelId) throw new Error(`Hold ${session.id} has no channel yet`);
    const channel = await client.channels.fetch(session.holdChannelId);
    if (!channel?.isTextBased() || channel.isDMBased())
      throw new Error(`Hold channel ${session.holdChannelId} is not a guild text channel`);
    return channel;
  }

  async function sendLive(view: HoldView): Promise<void> {
    const messageId = view.session.liveMessageId!;
    const payload = renderHoldLive(view);
    await edits.edit(messageId, async () => {
      const channel = await holdChannel(view.session);
      try {
        await channel.messages.edit(messageId, payload).catch(async (error: unknown) => {
          // Discord archived the thread after a quiet spell: a thread we made may be reopened.
          if (
            !channel.isThread() ||
            !isDiscordError(error, RESTJSONErrorCodes.InvalidActionOnArchivedThread)
          ) {
            throw error;
          }
          await channel.setArchived(false, 'Align group hold still going');
          await channel.messages.edit(messageId, payload);
        });
      } catch (error) {
        // Someone deleted the live message or the channel: the hold itself carries on.
        if (
          !isDiscordError(error, RESTJSONErrorCodes.UnknownMessage) &&
          !isDiscordError(error, RESTJSONErrorCodes.UnknownChannel)
        ) {
          throw error;
        }
      }
    });
  }

  return {
    async openHoldChannel({ guildId, originChannelId, categoryId, name }) {
      const plan = await planHoldChannel({ guildId, originChannelId, categoryId });
      const { guild, me, home, category } = plan;
      if (plan.channel) {
        try {
          const channel = await guild.channels.create({
            name,
            type: ChannelType.GuildText,
            parent: category?.id ?? null,
            topic: 'A group hold run by Align; removed shortly after the hold ends.',
            permissionOverwrites: audienceOf(home, me),
            reason: 'Align group hold',
          });
          return ok({ channelId: channel.id, kind: 'channel' as const });
        } catch (error) {
          // The cache can lag behind Discord; a thread may still do.
          if (
            !isDiscordError(
              error,
              RESTJSONErrorCodes.MissingPermissions,
              RESTJSONErrorCodes.MissingAccess,
              RESTJSONErrorCodes.MaximumNumberOfGuildChannelsReached,
            )
          ) {
            throw error;
          }
        }
      }
      if (plan.thread && home.type === ChannelType.GuildText) {
        const thread = await home.threads.create({
          name,
          type: ChannelType.PublicThread,
          // A lobby of up to an hour and phases of up to two leave a thread without new messages for
          // longer than an hour; a day outlasts any hold (an edit in an archived thread is refused).
          autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
          reason: 'Align group hold',
        });
        return ok({ channelId: thread.id, kind: 'thread' as const });
      }
      return err(plan.refusal ?? plan.ifNeither);
    },

    async checkHoldChannel(request) {
      return (await planHoldChannel(request)).refusal;
    },

    async postLive(view) {
      const message = await (await holdChannel(view.session)).send(renderHoldLive(view));
      return message.id;
    },

    async editLive(view, change) {
      const messageId = view.session.liveMessageId;
      if (!messageId) return;
      const over = view.session.status !== 'open';
      const now = pacer.offer(messageId, view, change.at.getTime(), over || change.kind === 'step');
      if (over) pacer.forget(messageId);
      if (now) await sendLive(now);
    },

    sendHeldEdits(now) {
      const due = pacer.due(now.getTime());
      return {
        sending: due.states.map((view) => ({ session: view.session, sent: sendLive(view) })),
        nextAt: due.nextAt,
      };
    },

    async announce(session, announcement) {
      const step =
        announcement.kind === 'start' || announcement.kind === 'phase'
          ? announcement.index
          : announcement.kind;
      announcing++;
      try {
        // The nonce makes a retried send land once, whichever process or attempt makes it.
        await (
          await holdChannel(session)
        ).send({
          ...renderHoldAnnouncement(announcement),
          nonce: `hold${session.id}.${step}`,
          enforceNonce: true,
        });
      } finally {
        announcing--;
      }
    },

    async removeChannel(session) {
      if (!session.holdChannelId) return;
      try {
        const channel = await client.channels.fetch(session.holdChannelId);
        if (channel?.isThread()) await channel.setArchived(true, 'Align group hold ended');
        else await channel?.delete('Align group hold ended');
      } catch (error) {
        if (!isDiscordError(error, RESTJSONErrorCodes.UnknownChannel)) throw error;
      }
    },
  };
}
