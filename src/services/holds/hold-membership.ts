import type { HoldError } from '../../core/holds.errors.js';
import { err, ok, type Result } from '../../core/result.js';
import type { HoldSession } from '../../db/schema.js';
import { holdRules, type HoldContext } from './shared.js';

/** Members coming and going: by the buttons, and by entering or leaving a hold's voice channel. */
export function createHoldMembership(context: HoldContext) {
  const { holds, clock } = context;

  async function openSessionOrError(sessionId: number): Promise<Result<HoldSession, HoldError>> {
    const session = await holds.session(sessionId);
    if (!session) return err({ code: 'hold.unknown' });
    if (session.status !== 'open' || clock.now() >= session.endsAt) return err({ code: 'hold.over' });
    return ok(session);
  }

  return {
    async joinHold(request: { sessionId: number; userId: string }): Promise<Result<HoldSession, HoldError>> {
      const session = await openSessionOrError(request.sessionId);
      if (!session.ok) return session;
      if (!(await holds.join(session.value.id, request.userId, clock.now(), 'button'))) {
        return err({ code: 'hold.already_in' });
      }
      return session;
    },

    async leaveHold(request: { sessionId: number; userId: string }): Promise<Result<HoldSession, HoldError>> {
      const session = await openSessionOrError(request.sessionId);
      if (!session.ok) return session;
      if (!(await holds.leave(session.value.id, request.userId, clock.now()))) {
        return err({ code: 'hold.not_in' });
      }
      return session;
    },

    /** Shows a join or leave on the live message; the button handler calls it after answering the member. */
    showChange: (session: HoldSession) => context.refreshLive(session, 'members'),

    /**
     * A member entered a voice channel: they join any hold bound to it (back within the grace: as if never gone).
     * `displayName`: asks Discord for the name the member goes by, called only when a hold is bound to
     * the channel, so that its live message can name them; undefined when it cannot tell.
     */
    async voiceJoined(request: {
      guildId: string;
      voiceChannelId: string;
      userId: string;
      displayName?: () => Promise<string | undefined>;
    }) {
      const now = clock.now();
      const sessions = (await holds.openSessionsForVoice(request.guildId, request.voiceChannelId)).filter(
        (session) => now < session.endsAt,
      );
      if (sessions.length === 0) return;
      // The name is kept before the join is visible, so no render of the hold shows the member unnamed.
      const name = await request.displayName?.();
      if (name) await context.names.remember({ guildId: request.guildId, userId: request.userId }, name);
      for (const session of sessions) {
        const since = new Date(now.getTime() - holdRules.voiceGraceMs);
        const back = await holds.rejoinWithinGrace(session.id, request.userId, since);
        if (back || (await holds.join(session.id, request.userId, now, 'voice'))) {
          await context.refreshLive(session, 'members');
        }
      }
    },

    /**
     * After a gap in voice events (a new gateway session, a restart), each voice-bound hold of the
     * server is brought in line with who is in its channel now. Whoever is there is treated as a voice
     * join. Whoever is not, and came in by voice or was last seen in the channel, is treated as having
     * left it; a member who joined by the button and was never seen in voice stays.
     */
    async voiceResynced(request: {
      guildId: string;
      /** Where each member in voice is now, by user id. */
      inVoice: ReadonlyMap<string, string>;
      /** Where this process last saw each member in voice before the gap; empty after a restart. */
      lastSeen: ReadonlyMap<string, string>;
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
        const since = new Date(now.getTime() - holdRules.voiceGraceMs);
        for (const [userId, inChannel] of request.inVoice) {
          if (inChannel !== channelId || present.some((row) => row.userId === userId)) continue;
          const back = await holds.rejoinWithinGrace(session.id, userId, since);
          if (back || (await holds.join(session.id, userId, now, 'voice'))) changed = true;
        }
        if (changed) await context.refreshLive(session, 'members');
      }
    },

    async voiceLeft(request: { guildId: string; voiceChannelId: string; userId: string }) {
      const now = clock.now();
      for (const session of await holds.openSessionsForVoice(request.guildId, request.voiceChannelId)) {
        if (await holds.leave(session.id, request.userId, now)) await context.refreshLive(session, 'members');
      }
    },
  };
}
