import { channelMisfit } from '../../core/channel-fit.js';
import type { HoldError } from '../../core/holds.errors.js';
import { err, ok, type Result } from '../../core/result.js';
import { routines } from '../../core/routines.js';
import { createHoldMembership } from './hold-membership.js';
import { createHoldSteps } from './hold-steps.js';
import { createHoldContext, type HoldDeps, type HoldView } from './shared.js';
import { createHoldStart } from './start-hold.js';

export {
  holdRules,
  type HoldAnnouncement,
  type HoldMessenger,
  type HoldView,
  type LiveChange,
} from './shared.js';
export type { StartHoldRequest } from './start-hold.js';

export type HoldService = ReturnType<typeof createHoldService>;

/** Group holds: starting them, members coming and going, and their course to the end. */
export function createHoldService(deps: HoldDeps) {
  const context = createHoldContext(deps);
  const { holds } = deps;
  return {
    routines,
    ...createHoldStart(context),
    ...createHoldMembership(context),
    ...createHoldSteps(context),

    async listHolds(guildId: string): Promise<HoldView[]> {
      return Promise.all((await holds.openSessions(guildId)).map((session) => context.viewOf(session)));
    },

    /** Null: next to the channel where each hold is started. A category of another server, or no category, is refused. */
    async setHoldCategory(guildId: string, categoryId: string | null): Promise<Result<null, HoldError>> {
      if (categoryId && deps.channels) {
        if (channelMisfit('hold-category', guildId, deps.channels.facts(categoryId))) {
          return err({ code: 'hold.bad_category' });
        }
      }
      await holds.setHoldCategory(guildId, categoryId);
      return ok(null);
    },

    /** Servers with a voice-bound hold open now: the ones to compare with voice after a restart. */
    async serversWithVoiceHolds(): Promise<Set<string>> {
      const active = await holds.activeSessions();
      return new Set(
        active
          .filter((session) => session.status === 'open' && session.voiceChannelId)
          .map((session) => session.guildId),
      );
    },

    /** Holds open now in every server, waiting to start or under way. */
    countRunning: () => holds.openSessionCount(),
  };
}
