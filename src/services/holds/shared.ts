import type { Clock } from '../../core/clock.js';
import { holdMomentAt, timePhases, type HoldMoment, type TimedPhase } from '../../core/hold-timeline.js';
import { membersOf } from '../../core/hold-steps.js';
import { holdLimits, type HoldError } from '../../core/holds.errors.js';
import type { Result } from '../../core/result.js';
import { routineById, type Routine } from '../../core/routines.js';
import type { HoldParticipant, HoldSession } from '../../db/schema.js';
import { noMetrics, type Metrics } from '../../shared/metrics.js';
import type { RequestBrake } from '../../shared/request-brake.js';
import type { ChannelDirectory } from '../channels.js';
import type { HoldsRepository } from '../holds.repository.js';
import type { LogsRepository } from '../logs.repository.js';
import type { MemberNames } from '../member-names.js';
import type { SettingsRepository } from '../settings.repository.js';

export const holdRules = {
  ...holdLimits,
  /** A hold a schedule opens waits this long in its lobby, so members who see the reminder can join first. */
  scheduledLobbyMinutes: 5,
  /** A dropped voice connection that comes back within this is treated as never having left. */
  voiceGraceMs: 60_000,
  /** How long the hold channel stays after the end, so the summary can be read. */
  channelGraceMs: 2 * 60_000,
  /** How long a channel whose removal failed is tried again. */
  channelRemovalRetryMs: 60 * 60_000,
} as const;

export interface HoldView {
  session: HoldSession;
  routine: Routine;
  phases: TimedPhase[];
  moment: HoldMoment;
  /** Members in the hold now, in joining order. */
  present: string[];
  /** Everyone who was ever in it, in joining order. */
  tookPart: string[];
  /** The names they go by in the server, where kept (see member-names.ts). */
  names: ReadonlyMap<string, string>;
  /** Members sitting in the hold's voice channel but not in the hold: invited, not enrolled. */
  invited: number;
}

export type HoldAnnouncement =
  | { kind: 'start' | 'phase'; phase: TimedPhase; index: number; mentions: string[] }
  | { kind: 'finished'; credits: { userId: string; seconds: number }[]; mentions: string[] }
  | { kind: 'cancelled'; mentions: string[] }
  /** The lobby ended with nobody in it: closed, nothing logged. */
  | { kind: 'empty'; mentions: [] };

/**
 * Why the live message changed: 'step' (a phase announced, the end) is shown at once; 'members' (joins
 * and leaves) and 'progress' (the bar moving on) the edge may fold into a later edit.
 */
export type LiveChange = { kind: 'step' | 'members' | 'progress'; at: Date };

/** What the holds need from Discord; the discord.js edge implements it, and paces live-message edits. */
export interface HoldMessenger {
  openHoldChannel(request: {
    guildId: string;
    originChannelId: string;
    categoryId: string | null;
    name: string;
  }): Promise<Result<{ channelId: string; kind: 'channel' | 'thread' }, HoldError>>;
  /**
   * Why no hold channel or thread could be opened for such a start, from what the messenger knows
   * without asking Discord; null when one can. A messenger that cannot tell (tests') leaves it out.
   */
  checkHoldChannel?(request: {
    guildId: string;
    originChannelId: string;
    categoryId: string | null;
  }): Promise<HoldError | null>;
  postLive(view: HoldView): Promise<string>;
  /** Resolves once the edit is sent, or held back to be folded into a later one. */
  editLive(view: HoldView, change: LiveChange): Promise<void>;
  /**
   * Sends the edits held back whose time has come at `now`; `nextAt`: when the next is due (epoch ms).
   * A messenger that holds nothing back (tests') leaves it out.
   */
  sendHeldEdits?(now: Date): { sending: { session: HoldSession; sent: Promise<void> }[]; nextAt: number };
  announce(session: HoldSession, announcement: HoldAnnouncement): Promise<void>;
  removeChannel(session: HoldSession): Promise<void>;
}

export interface HoldDeps {
  holds: HoldsRepository;
  settings: SettingsRepository;
  logs: LogsRepository;
  names: MemberNames;
  messenger: HoldMessenger;
  clock: Clock;
  /** Checks the voice option against Discord; absent (service tests), it is taken as given. */
  channels?: ChannelDirectory;
  onError?: (error: unknown, session: HoldSession) => void;
  /** Called when a hold starts, so the timer can look again at once. */
  onStarted?: () => void;
  metrics?: Metrics;
  /** While engaged, retries of a channel removal wait. */
  brake?: RequestBrake;
}

export const phasesOf = (session: HoldSession) => timePhases(session.startsAt, session.phases);

export const present = (participants: HoldParticipant[]) =>
  membersOf(participants.filter((p) => p.leftAt === null));

export type HoldContext = ReturnType<typeof createHoldContext>;

/** What the start, membership and step parts of the service share: their dependencies and the live message. */
export function createHoldContext(deps: HoldDeps) {
  const { holds, messenger, clock } = deps;
  const liveEdits = new Set<Promise<void>>();

  /** `participants`: the hold's rows when the caller has them already. */
  async function viewOf(session: HoldSession, participants?: HoldParticipant[]): Promise<HoldView> {
    const routine = routineById(session.routine);
    if (!routine) throw new Error(`Hold ${session.id} has an unknown routine ${session.routine}`);
    const phases = phasesOf(session);
    const moment = session.status === 'open' ? holdMomentAt(phases, clock.now()) : { stage: 'over' as const };
    const rows = participants ?? (await holds.participants(session.id));
    const tookPart = membersOf(rows);
    const names = await deps.names.of(session.guildId, tookPart);
    const inHold = present(rows);
    const invited = session.voiceBystanders.filter((userId) => !inHold.includes(userId)).length;
    return { session, routine, phases, moment, present: inHold, tookPart, names, invited };
  }

  /** Runs a live edit in the background; `settled` waits for it. */
  function track(session: HoldSession, sent: Promise<void>): void {
    const sending: Promise<void> = sent
      .catch((error: unknown) => deps.onError?.(error, session))
      .finally(() => liveEdits.delete(sending));
    liveEdits.add(sending);
  }

  /**
   * Hands the live message's new state to the edge without waiting for it: edits are paced and folded
   * there, and a queue of them must never hold up an announcement or another hold's timer.
   */
  function showLive(view: HoldView, kind: LiveChange['kind']): void {
    track(view.session, messenger.editLive(view, { kind, at: clock.now() }));
  }

  /** Shows `session` as it stands now, if its live message is up. */
  async function refreshLive(session: HoldSession, kind: LiveChange['kind']): Promise<void> {
    if (session.liveMessageId) showLive(await viewOf(session), kind);
  }

  return {
    ...deps,
    metrics: deps.metrics ?? noMetrics,
    liveEdits,
    viewOf,
    track,
    showLive,
    refreshLive,
  };
}
