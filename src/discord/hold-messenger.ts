import {
  ChannelType,
  RESTJSONErrorCodes,
  type Client,
  type GuildTextBasedChannel,
  type TextChannel,
} from 'discord.js';
import { holdLiveRules } from '../core/hold-steps.js';
import type { HoldSession } from '../db/schema.js';
import type { HoldMessenger, HoldView } from '../services/holds.js';
import { isDiscordError } from './discord-errors.js';
import { createEditPacer, createEditQueue } from './edit-queue.js';
import { renderHoldAnnouncement, renderHoldLive } from './render/hold.js';

/** Holds' Discord side: a channel of their own (a thread without Manage Channels), one live message, announcements. */
/**
 * Live-message edits get at most this share of Discord's 50 requests a second, and none while an
 * announcement is on its way: when many holds switch or end together, the announcements members
 * wait for take the whole budget, and the live messages catch up after.
 */
const liveEditsPerSecond = 20;

export function createHoldMessenger(client: Client): HoldMessenger {
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
      try {
        await (await holdChannel(view.session)).messages.edit(messageId, payload);
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
      const guild = await client.guilds.fetch(guildId);
      const origin = await client.channels.fetch(originChannelId);
      try {
        const parent = categoryId ?? (origin && 'parentId' in origin ? origin.parentId : null);
        const channel = await guild.channels.create({
          name,
          type: ChannelType.GuildText,
          parent,
          topic: 'A group hold run by Align; removed shortly after the hold ends.',
          reason: 'Align group hold',
        });
        return { channelId: channel.id, kind: 'channel' };
      } catch (error) {
        if (!isDiscordError(error, RESTJSONErrorCodes.MissingPermissions)) throw error;
      }
      if (origin?.type !== ChannelType.GuildText)
        throw new Error('Holds need Manage Channels, or a text channel to thread from');
      const thread = await (origin as TextChannel).threads.create({
        name,
        type: ChannelType.PublicThread,
        autoArchiveDuration: 60,
        reason: 'Align group hold',
      });
      return { channelId: thread.id, kind: 'thread' };
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
