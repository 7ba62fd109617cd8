import { heldSeconds, holdMomentAt, timePhases, type Presence, type TimedPhase } from './hold-timeline.js';
import type { PhaseTemplate } from './routines.js';

export const holdLiveRules = {
  /** The live message's progress bar is refreshed this often while a phase runs. */
  progressEveryMs: 60_000,
  /** Joins and leaves are shown at most this often per hold; later ones fold into one edit. */
  minEditGapMs: 3_000,
} as const;

/** What the step decision needs of a hold: the fields of its database row it reads, nothing more. */
export interface HoldState {
  readonly status: 'open' | 'finished' | 'cancelled';
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly phases: readonly PhaseTemplate[];
  /** The last phase announced; -1 before the first. */
  readonly announcedStep: number;
  readonly liveMessageId: string | null;
  readonly removeChannelAt: Date | null;
  readonly channelRemovedAt: Date | null;
}

/** The one thing due for a hold at an instant; `wait.until` null: nothing of its own to wait for. */
export type HoldStep =
  | { kind: 'remove-channel' }
  | { kind: 'finish'; at: Date }
  | { kind: 'announce'; index: number; phase: TimedPhase }
  | { kind: 'refresh' }
  | { kind: 'wait'; until: Date | null };

/**
 * What is due for `hold` at `now`. `progressShownAt`: when this process last showed the hold's progress;
 * a hold it has not shown yet (started elsewhere, or before a restart) counts from its start.
 */
export function nextHoldStep(hold: HoldState, now: Date, progressShownAt?: Date): HoldStep {
  if (hold.status !== 'open') {
    if (!hold.removeChannelAt || hold.channelRemovedAt) return { kind: 'wait', until: null };
    return now >= hold.removeChannelAt
      ? { kind: 'remove-channel' }
      : { kind: 'wait', until: hold.removeChannelAt };
  }
  if (now >= hold.endsAt) return { kind: 'finish', at: hold.endsAt };
  // Until the live message is up, the start is still making the channel and adding the first members:
  // an announcement now would find no channel, or mention nobody. The start looks again when done.
  if (!hold.liveMessageId) return { kind: 'wait', until: null };

  const phases = timePhases(hold.startsAt, hold.phases);
  const moment = holdMomentAt(phases, now);
  const progressDue = (progressShownAt ?? hold.startsAt).getTime() + holdLiveRules.progressEveryMs;
  if (moment.stage === 'phase') {
    if (hold.announcedStep < moment.index)
      return { kind: 'announce', index: moment.index, phase: moment.phase };
    if (now.getTime() >= progressDue) return { kind: 'refresh' };
  }
  // Phases not yet announced are due at their start.
  const until = Math.min(
    ...phases.filter((_, index) => index > hold.announcedStep).map((phase) => phase.startsAt.getTime()),
    hold.endsAt.getTime(),
    moment.stage === 'phase' ? progressDue : Infinity,
  );
  return { kind: 'wait', until: new Date(until) };
}

export interface MemberPresence extends Presence {
  readonly userId: string;
}

export interface HoldCredit {
  readonly userId: string;
  readonly exercise: string;
  readonly seconds: number;
}

/**
 * Who held how many seconds of which exercise, counting only until `endedAt` (the end, or when the hold
 * was stopped): each member's presences overlapped with each phase, members in joining order.
 */
export function holdCredits(
  phases: readonly TimedPhase[],
  endedAt: Date,
  presences: readonly MemberPresence[],
): HoldCredit[] {
  const cut = phases
    .filter((phase) => phase.startsAt < endedAt)
    .map((phase) => (phase.endsAt > endedAt ? { ...phase, endsAt: endedAt } : phase));
  return membersOf(presences).flatMap((userId) =>
    [
      ...heldSeconds(
        cut,
        presences.filter((p) => p.userId === userId),
      ),
    ].map(([exercise, seconds]) => ({ userId, exercise, seconds })),
  );
}

/** Each member's seconds over all exercises, members who held nothing included, in joining order. */
export function creditTotals(
  presences: readonly MemberPresence[],
  credits: readonly HoldCredit[],
): { userId: string; seconds: number }[] {
  return membersOf(presences).map((userId) => ({
    userId,
    seconds: credits.filter((c) => c.userId === userId).reduce((sum, c) => sum + c.seconds, 0),
  }));
}

/** Everyone who was ever in the hold, in joining order. */
export const membersOf = (presences: readonly { userId: string }[]): string[] => [
  ...new Set(presences.map((p) => p.userId)),
];
