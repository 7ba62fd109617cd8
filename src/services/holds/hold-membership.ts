import type { HoldError } from '../../core/holds.errors.js';
import { err, ok, type Result } from '../../core/result.js';
import type { HoldSession } from '../../db/schema.js';
import { holdRules, type HoldContext } from './shared.js';

/** Who a member in voice is, as Discord says; undefined when it can't tell. */
export type VoiceMember = { displayName: string; bot: boolean } | undefined;

/** Members coming and going: by the buttons, and by entering or leaving a hold's voice channel. */
export function createHoldMembership(context: HoldContext) {
  const { holds, clock } = context;

  /**
   * The hold a button names, if it is open and of the server the button was pressed in: a button id
   * can be crafted, and a press must never act on another server's hold.
   */
  async function openSessionOrError(request: {
    sessionId: number;
    guildId: string;
  }): Promise<Result<HoldSession, HoldError>> {
    const session = await holds.session(request.sessionId);
    if (!session || session.guildId !== request.guildId) return err({ code: 'hold.unknown' });
    if (session.status !== 'open' || clock.now() >= session.endsAt) return err({ code: 'hold.over' });
    return ok(session);
  }

  const graceSince = (now: Date) => new Date(now.getTime() - holdRules.voiceGraceMs);

  return {
    async joinHold(request: {
      sessionId: number;
      guildId: string;
      userId: string;
      /** Bots never take part, however the press reached the bot. */
      bot?: boolean;
    }): Promise<Result<HoldSession, HoldError>> {
      if (request.bot) return err({ code: 'hold.bots_not_allowed' });
      const session = await openSessionOrError(request);
      if (!session.ok) return session;
      const outcome = await holds.join(session.value.id, request.userId, clock.now(), 'button');
      if (outcome === 'already_in') return err({ code: 'hold.already_in' });
      if (outcome === 'closed') return err({ code: 'hold.over' });
      return session;
    },

    async leaveHold(request: {
      sessionId: number;
      guildId: string;
      userId: string;
    }): Promise<Result<HoldSession, HoldError>> {
      const session = await openSessionOrError(request);
      if (!session.ok) return session;
      if (!(await holds.leave(session.value.id, request.userId, clock.now()))) {
        return err({ code: 'hold.not_in' });
      }
      // Still sitting in the hold's voice channel, they must not be enrolled again by it until they re-enter.
      if (session.value.voiceChannelId) await holds.addBystander(session.value.id, request.userId);
      return session;
    },

    /** Shows a join or leave on the live message; the button handler calls it after answering the member. */
    showChange: (session: HoldSession) => context.refreshLive(session, 'members'),

    /**
     * A member entered a voice channel: they join any hold bound to it (back within the grace: as if
     * never gone). Entering is acting; being there already when the hold opened is not (see
     * `voiceBystanders`). `member`: asks Discord who they are, called only when a hold is bound to the
     * channel, so that bots stay out and the live message can name them.
     */
    async voiceJoined(request: {
      guildId: string;
      voiceChannelId: string;
      userId: string;
      member?: () => Promise<VoiceMember>;
    }) {
      const now = clock.now();
      const sessions = (await holds.openSessionsForVoice(request.guildId, request.voiceChannelId)).filter(
        (session) => now < session.endsAt,
      );
      if (sessions.length === 0) return;
      const member = await request.member?.();
      if (member?.bot) return;
      // The name is kept before the join is visible, so no render of the hold shows the member unnamed.
      if (member)
        await context.names.remember(
          { guildId: request.guildId, userId: request.userId },
          member.displayName,
        );
      for (const session of sessions) {
        await holds.removeBystander(session.id, request.userId);
        if ((await holds.join(session.id, request.userId, now, 'voice', graceSince(now))) === 'joined') {
          await context.refreshLive(session, 'members');
        }
      }
    },

    /**
     * After a gap in voice events (a new gateway session, a restart), each voice-bound hold of the
     * server is brought in line with who is in its channel now. Whoever is there, is not in the hold and
     * is no bystander (there when it opened, or who pressed Leave) entered during the gap: a voice join.
     * Whoever is not there, and came in by voice or was last seen in the channel, has left it; a member
     * who joined by the button and was never seen in voice stays.
     */
    async voiceResynced(request: {
      guildId: string;
      /** Where each member in voice is now, by user id. */
      inVoice: ReadonlyMap<string, string>;
      /** Where this process last saw each member in voice before the gap; empty after a restart. */
      lastSeen: ReadonlyMap<string, string>;
      /** Whether a member is a bot, asked only of members about to join; false when it can't tell. */
      isBot?: (userId: string) => Promise<boolean>;
    }) {
      const now = clock.now();
      for (const session of await holds.openSessions(request.guildId)) {
        const channelId = session.voiceChannelId;
        if (!channelId || now >= session.endsAt) continue;
        const present = (await holds.participants(session.id)).filter((row) => row.leftAt === null);
        let changed = false;
        for (const row of present) {
          if (request.inVoice.get(row.userId) === channelId) continue;
          const wasInVoice = row.via === 'voice' || request.lastSeen.get(row.userId) === channelId;
          if (wasInVoice && (await holds.leave(session.id, row.userId, now))) changed = true;
        }
        for (const userId of session.voiceBystanders) {
          if (request.inVoice.get(userId) !== channelId) await holds.removeBystander(session.id, userId);
        }
        for (const [userId, inChannel] of request.inVoice) {
          if (inChannel !== channelId || present.some((row) => row.userId === userId)) continue;
          if (session.voiceBystanders.includes(userId) || (await request.isBot?.(userId))) continue;
          if ((await holds.join(session.id, userId, now, 'voice', graceSince(now))) === 'joined')
            changed = true;
        }
        if (changed) await context.refreshLive(session, 'members');
      }
    },

    async voiceLeft(request: { guildId: string; voiceChannelId: string; userId: string }) {
      const now = clock.now();
      for (const session of await holds.openSessionsForVoice(request.guildId, request.voiceChannelId)) {
        // Out of the channel, a bystander is one no longer: entering it again enrols them.
        await holds.removeBystander(session.id, request.userId);
        if (await holds.leave(session.id, request.userId, now)) await context.refreshLive(session, 'members');
      }
    },
  };
}
