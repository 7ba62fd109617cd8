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

    setHoldCategory: holds.setHoldCategory,

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
