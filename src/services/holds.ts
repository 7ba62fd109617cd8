import type { Clock } from '../core/clock.js';
import { localDay } from '../core/days.js';
import {
  heldSeconds,
  holdMomentAt,
  timePhases,
  type HoldMoment,
  type TimedPhase,
} from '../core/hold-timeline.js';
import { fail, ok, type Result } from '../core/result.js';
import { holdMinutesRange, routineById, routines, scalePhases, type Routine } from '../core/routines.js';
import type { ShardSet } from '../core/shards.js';
import { createTaskLimit } from './task-limit.js';
import type { HoldParticipant, HoldSession } from '../db/schema.js';
import { streakRecord } from '../core/streaks.js';
import { noMetrics, type Metrics } from '../shared/metrics.js';
import type { HoldsRepository } from './holds.repository.js';
import type { LogsRepository } from './logs.repository.js';
import type { SettingsRepository } from './settings.repository.js';

export const holdRules = {
  maxOpenPerServer: 10,
  maxStartsInMinutes: 60,
  /** A hold a schedule opens waits this long in its lobby, so members who see the reminder can join first. */
  scheduledLobbyMinutes: 5,
  /** A dropped voice connection that comes back within this is treated as never having left. */
  voiceGraceMs: 60_000,
  /** How long the hold channel stays after the end, so the summary can be read. */
  channelGraceMs: 2 * 60_000,
  /** How long a channel whose removal failed is tried again. */
  channelRemovalRetryMs: 60 * 60_000,
  /** The live message's progress bar is refreshed this often while a phase runs. */
  progressEveryMs: 60_000,
  /** Joins and leaves are shown at most this often per hold; later ones fold into one edit. */
  minEditGapMs: 3_000,
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
}

export type HoldAnnouncement =
  | { kind: 'start' | 'phase'; phase: TimedPhase; index: number; mentions: string[] }
  | { kind: 'finished'; credits: { userId: string; seconds: number }[]; mentions: string[] }
  | { kind: 'cancelled'; mentions: string[] };

/** What the holds need from Discord; the discord.js edge implements it. */
export interface HoldMessenger {
  openHoldChannel(request: {
    guildId: string;
    originChannelId: string;
    categoryId: string | null;
    name: string;
  }): Promise<{ channelId: string; kind: 'channel' | 'thread' }>;
  postLive(view: HoldView): Promise<string>;
  editLive(view: HoldView): Promise<void>;
  announce(session: HoldSession, announcement: HoldAnnouncement): Promise<void>;
  removeChannel(session: HoldSession): Promise<void>;
}

export interface StartHoldRequest {
  guildId: string;
  originChannelId: string;
  userId: string;
  routine: string;
  minutes?: number | null;
  startsInMinutes?: number | null;
  voiceChannelId?: string | null;
  /** Members already in the voice channel, who join at once. */
  inVoice?: readonly string[];
  /** False when a schedule opens the hold: its owner joins only if they press Join, like everyone else. */
  starterJoins?: boolean;
}

export type HoldService = ReturnType<typeof createHoldService>;

const alreadyRunning = (running: HoldSession | undefined) =>
  fail(
    'hold.already_running',
    `A hold is already going here${running?.holdChannelId ? ` in <#${running.holdChannelId}>` : ''}: join it, or wait until it ends.`,
  );

const phasesOf = (session: HoldSession) => timePhases(session.startsAt, session.phases);

const present = (participants: HoldParticipant[]) => [
  ...new Set(participants.filter((p) => p.leftAt === null).map((p) => p.userId)),
];

const everyone = (participants: HoldParticipant[]) => [...new Set(participants.map((p) => p.userId))];

export function createHoldService(deps: {
  holds: HoldsRepository;
  settings: SettingsRepository;
  logs: LogsRepository;
  messenger: HoldMessenger;
  clock: Clock;
  onError?: (error: unknown, session: HoldSession) => void;
  /** Called when a hold starts, so the timer can look again at once. */
  onStarted?: () => void;
  metrics?: Metrics;
}) {
  const { holds, settings, messenger, clock } = deps;
  const metrics = deps.metrics ?? noMetrics;
  const stepRan = (dueAt: Date, work: 'hold-step' | 'hold-end' = 'hold-step') =>
    metrics.scheduledWorkRan(work, clock.now().getTime() - dueAt.getTime());
  const lastEdit = new Map<number, number>();
  const pendingEdit = new Set<number>();
  const liveEdits = new Set<Promise<void>>();
  const advancing = new Map<number, Promise<unknown>>();
  /** Roll-ups after holds end: two at a time, leaving the rest of the pool to the ends themselves. */
  const backgroundWork = createTaskLimit(2);

  async function checkStart(
    request: StartHoldRequest,
  ): Promise<Result<{ routine: Routine; minutes: number; startsIn: number }>> {
    const routine = routineById(request.routine);
    if (!routine) {
      return fail(
        'hold.unknown_routine',
        `There is no routine “${request.routine.slice(0, 40)}”. Choose one of: ${routines.map((r) => `\`${r.id}\``).join(', ')}.`,
      );
    }
    const minutes = request.minutes ?? routine.defaultMinutes;
    if (!Number.isInteger(minutes) || minutes < holdMinutesRange.min || minutes > holdMinutesRange.max) {
      return fail(
        'hold.bad_minutes',
        `Minutes go from ${holdMinutesRange.min} to ${holdMinutesRange.max} (for ${routine.name} they set ${routine.minutesMean}).`,
      );
    }
    const startsIn = request.startsInMinutes ?? 0;
    if (!Number.isInteger(startsIn) || startsIn < 0 || startsIn > holdRules.maxStartsInMinutes) {
      return fail(
        'hold.bad_start',
        `A hold can start up to ${holdRules.maxStartsInMinutes} minutes from now.`,
      );
    }
    const running = await holds.openSessionIn(request.originChannelId);
    if (running) return alreadyRunning(running);
    if ((await holds.openSessionCount(request.guildId)) >= holdRules.maxOpenPerServer) {
      return fail(
        'hold.too_many',
        `This server already has ${holdRules.maxOpenPerServer} holds going; join one of them (\`/hold list\`).`,
      );
    }
    return ok({ routine, minutes, startsIn });
  }

  /** `participants`: the hold's rows when the caller has them already. */
  async function viewOf(session: HoldSession, participants?: HoldParticipant[]): Promise<HoldView> {
    const routine = routineById(session.routine);
    if (!routine) throw new Error(`Hold ${session.id} has an unknown routine ${session.routine}`);
    const phases = phasesOf(session);
    const moment = session.status === 'open' ? holdMomentAt(phases, clock.now()) : { stage: 'over' as const };
    const rows = participants ?? (await holds.participants(session.id));
    return { session, routine, phases, moment, present: present(rows), tookPart: everyone(rows) };
  }

  /** Shows a change on the live message now, or folds it into the next edit if one was just made. */
  async function refreshLive(session: HoldSession, force = false): Promise<void> {
    if (!session.liveMessageId) return;
    const now = clock.now().getTime();
    if (!force && now - (lastEdit.get(session.id) ?? 0) < holdRules.minEditGapMs) {
      pendingEdit.add(session.id);
      return;
    }
    pendingEdit.delete(session.id);
    lastEdit.set(session.id, now);
    showLive(await viewOf(session));
  }

  /**
   * Sends the live message's new state without waiting for it: edits are paced and coalesced at the
   * edge, and a queue of them must never hold up an announcement or another hold's timer.
   */
  function showLive(view: HoldView): void {
    const sending: Promise<void> = messenger
      .editLive(view)
      .catch((error: unknown) => deps.onError?.(error, view.session))
      .finally(() => liveEdits.delete(sending));
    liveEdits.add(sending);
  }

  async function openSessionOrError(sessionId: number): Promise<Result<HoldSession>> {
    const session = await holds.session(sessionId);
    if (!session) return fail('hold.unknown', 'I can’t find that hold any more.');
    if (session.status !== 'open' || clock.now() >= session.endsAt) {
      return fail('hold.over', 'This hold is over. Start a new one with `/hold start`.');
    }
    return ok(session);
  }

  async function credit(session: HoldSession, endedAt: Date) {
    const participants = await holds.participants(session.id);
    const zones = await settings.timeZonesOf(session.guildId, everyone(participants));
    const phases = phasesOf(session)
      .filter((phase) => phase.startsAt < endedAt)
      .map((phase) => (phase.endsAt > endedAt ? { ...phase, endsAt: endedAt } : phase));
    return (rows: HoldParticipant[]) =>
      everyone(rows).flatMap((userId) =>
        [
          ...heldSeconds(
            phases,
            rows.filter((row) => row.userId === userId),
          ),
        ].map(([exercise, seconds]) => ({
          guildId: session.guildId,
          userId,
          exercise,
          amount: seconds,
          loggedAt: endedAt,
          localDay: localDay(endedAt, zones.get(userId) ?? 'UTC'),
          source: 'hold' as const,
          note: null,
          holdSessionId: session.id,
        })),
      );
  }

  /** `dueAt`: the timer's scheduled end, whose lateness is recorded once the end is committed. */
  async function finish(session: HoldSession, endedAt: Date, dueAt?: Date): Promise<HoldSession | undefined> {
    const creditsFor = await credit(session, endedAt);
    const outcome = await holds.finishSession(
      session.id,
      {
        at: endedAt,
        removeChannelAt: new Date(endedAt.getTime() + holdRules.channelGraceMs),
        finalStep: session.phases.length,
      },
      (_, rows) => creditsFor(rows),
    );
    if (!outcome) return undefined;
    if (dueAt) stepRan(dueAt, 'hold-end');
    const { session: finished, participants: rows } = outcome;
    const logs = creditsFor(rows);
    const userIds = everyone(rows);
    const credits = userIds.map((userId) => ({
      userId,
      seconds: logs.filter((log) => log.userId === userId).reduce((sum, log) => sum + log.amount, 0),
    }));
    lastEdit.delete(session.id);
    pendingEdit.delete(session.id);
    try {
      await messenger.announce(finished, { kind: 'finished', credits, mentions: userIds });
      showLive(await viewOf(finished, rows));
    } finally {
      // Boards' roll-ups and streaks can trail the end by a moment (other holds' ends can't wait for them),
      // but they must follow the credits even when Discord refuses the announcement.
      await refreshBoards(session.guildId, userIds, logs);
    }
    return finished;
  }

  async function refreshBoards(guildId: string, userIds: string[], logs: { localDay: string }[]) {
    await backgroundWork.run(async () => {
      await deps.logs.refreshRollupsOfMembers(
        guildId,
        userIds,
        logs.map((log) => log.localDay),
      );
      const days = await deps.logs.activeDaysOfMembers(guildId, userIds);
      await settings.recordStreaks(
        guildId,
        userIds.map((userId) => ({ userId, record: streakRecord(days.get(userId) ?? []) })),
      );
    });
  }

  /** The one thing due for a session at `now`, done once even if several processes look. */
  async function advance(session: HoldSession, now: Date): Promise<HoldSession> {
    if (session.status !== 'open') {
      // Finished or cancelled, here or by another process: its live message is no longer edited.
      lastEdit.delete(session.id);
      pendingEdit.delete(session.id);
      if (session.removeChannelAt && now >= session.removeChannelAt && !session.channelRemovedAt) {
        const claimed = await holds.claimChannelRemoval(session.id, now);
        if (!claimed) return session;
        stepRan(session.removeChannelAt);
        try {
          await messenger.removeChannel(session);
        } catch (error) {
          // Discord refused even after its client's retries: try again a minute later, for an hour.
          const ended = (session.finishedAt ?? now).getTime();
          if (now.getTime() - ended < holdRules.channelRemovalRetryMs) {
            await holds.update(session.id, {
              channelRemovedAt: null,
              removeChannelAt: new Date(now.getTime() + 60_000),
            });
          }
          throw error;
        }
        return claimed;
      }
      return session;
    }
    if (now >= session.endsAt) {
      return (await finish(session, session.endsAt, session.endsAt)) ?? session;
    }
    // Until the live message is up, `startHold` is still making the channel and adding the first
    // members: an announcement now would find no channel, or mention nobody.
    if (!session.liveMessageId) return session;

    const moment = holdMomentAt(phasesOf(session), now);
    if (moment.stage === 'phase' && session.announcedStep < moment.index) {
      const claimed = await holds.claimStep(session.id, moment.index);
      if (!claimed) return session;
      stepRan(moment.phase.startsAt);
      const mentions = present(await holds.participants(session.id));
      // The announcement is what members wait for; the live message can follow.
      await messenger.announce(claimed, {
        kind: moment.index === 0 ? 'start' : 'phase',
        phase: moment.phase,
        index: moment.index,
        mentions,
      });
      await refreshLive(claimed, true);
      return claimed;
    }
    const sinceEdit = now.getTime() - (lastEdit.get(session.id) ?? 0);
    if (
      (pendingEdit.has(session.id) && sinceEdit >= holdRules.minEditGapMs) ||
      (moment.stage === 'phase' && sinceEdit >= holdRules.progressEveryMs)
    ) {
      await refreshLive(session, true);
    }
    return session;
  }

  function nextDueAt(session: HoldSession): number {
    if (session.status !== 'open') return session.removeChannelAt?.getTime() ?? Infinity;
    const now = clock.now().getTime();
    // Phases not yet announced are due at their start, even one that has already begun.
    const boundaries = phasesOf(session)
      .filter((_, index) => index > session.announcedStep)
      .map((phase) => phase.startsAt.getTime())
      .concat(session.endsAt.getTime());
    // A hold this process has not edited yet (started elsewhere, or before a restart) is refreshed at once.
    const edited = lastEdit.get(session.id) ?? session.startsAt.getTime();
    const edits = now >= session.startsAt.getTime() ? [edited + holdRules.progressEveryMs] : [];
    if (pendingEdit.has(session.id)) edits.push(edited + holdRules.minEditGapMs);
    return Math.min(...boundaries, ...edits);
  }

  return {
    routines,

    /** Everything that can be refused before any Discord call, so the refusal is instant and private. */
    checkStart,

    async startHold(request: StartHoldRequest): Promise<Result<{ session: HoldSession; channelId: string }>> {
      const checked = await checkStart(request);
      if (!checked.ok) return checked;
      const { routine, minutes, startsIn } = checked.value;
      const now = clock.now();
      const phases = scalePhases(routine, minutes);
      const startsAt = new Date(now.getTime() + startsIn * 60_000);
      const session = await holds.insertSession({
        guildId: request.guildId,
        originChannelId: request.originChannelId,
        voiceChannelId: request.voiceChannelId ?? null,
        routine: routine.id,
        phases,
        startedBy: request.userId,
        startsAt,
        endsAt: timePhases(startsAt, phases).at(-1)!.endsAt,
      });
      if (!session) {
        const running = await holds.openSessionIn(request.originChannelId);
        const where = running?.holdChannelId ? ` in <#${running.holdChannelId}>` : '';
        return fail(
          'hold.already_running',
          `A hold is already going here${where}: join it, or wait until it ends.`,
        );
      }

      let channelMade = false;
      try {
        const channel = await messenger.openHoldChannel({
          guildId: request.guildId,
          originChannelId: request.originChannelId,
          categoryId: await holds.holdCategory(request.guildId),
          name: `hold-${routine.id}`,
        });
        await holds.update(session.id, { holdChannelId: channel.channelId, holdChannelKind: channel.kind });
        channelMade = true;
        const starter = request.starterJoins === false ? [] : [request.userId];
        for (const userId of new Set([...starter, ...(request.inVoice ?? [])])) {
          await holds.join(session.id, userId, now, userId === request.userId ? 'button' : 'voice');
        }
        const withChannel = (await holds.session(session.id))!;
        const liveMessageId = await messenger.postLive(await viewOf(withChannel));
        lastEdit.set(session.id, now.getTime());
        const ready = (await holds.update(session.id, { liveMessageId }))!;
        deps.onStarted?.();
        return ok({ session: ready, channelId: channel.channelId });
      } catch (error) {
        await holds.cancelSession(session.id, now);
        // The timer removes a channel left behind, as it does after any hold.
        if (channelMade) await holds.update(session.id, { removeChannelAt: now });
        throw error;
      }
    },

    async joinHold(request: { sessionId: number; userId: string }): Promise<Result<HoldSession>> {
      const session = await openSessionOrError(request.sessionId);
      if (!session.ok) return session;
      if (!(await holds.join(session.value.id, request.userId, clock.now(), 'button'))) {
        return fail('hold.already_in', 'You’re already in this hold. Stay with it and breathe.');
      }
      return session;
    },

    async leaveHold(request: { sessionId: number; userId: string }): Promise<Result<HoldSession>> {
      const session = await openSessionOrError(request.sessionId);
      if (!session.ok) return session;
      if (!(await holds.leave(session.value.id, request.userId, clock.now()))) {
        return fail('hold.not_in', 'You’re not in this hold.');
      }
      return session;
    },

    async stopHold(request: {
      guildId: string;
      channelId: string;
      userId: string;
      canManageMessages: boolean;
    }): Promise<Result<HoldSession>> {
      const session = await holds.openSessionIn(request.channelId);
      if (!session || session.guildId !== request.guildId) {
        return fail(
          'hold.none_here',
          'There is no hold going in this channel. `/hold list` shows the ones that are.',
        );
      }
      if (session.startedBy !== request.userId && !request.canManageMessages) {
        return fail('hold.not_yours', 'Only the member who started this hold, or a moderator, can stop it.');
      }
      const now = clock.now();
      if (now < session.startsAt) {
        const [cancelled] = await holds.cancelSession(session.id, now);
        if (!cancelled) return fail('hold.over', 'This hold is already over.');
        const removed = await holds.update(session.id, { removeChannelAt: now });
        const mentions = present(await holds.participants(session.id));
        showLive(await viewOf(removed!));
        await messenger.announce(removed!, { kind: 'cancelled', mentions });
        return ok(removed!);
      }
      await finish(session, now);
      return ok((await holds.session(session.id))!);
    },

    /** Shows a join or leave on the live message; the button handler calls it after answering the member. */
    showChange: (session: HoldSession) => refreshLive(session),

    async listHolds(guildId: string): Promise<HoldView[]> {
      return Promise.all((await holds.openSessions(guildId)).map((session) => viewOf(session)));
    },

    /** A member entered a voice channel: they join any hold bound to it (back within the grace: as if never gone). */
    async voiceJoined(request: { guildId: string; voiceChannelId: string; userId: string }) {
      const now = clock.now();
      for (const session of await holds.openSessionsForVoice(request.guildId, request.voiceChannelId)) {
        if (now >= session.endsAt) continue;
        const since = new Date(now.getTime() - holdRules.voiceGraceMs);
        const back = await holds.rejoinWithinGrace(session.id, request.userId, since);
        if (back || (await holds.join(session.id, request.userId, now, 'voice'))) await refreshLive(session);
      }
    },

    async voiceLeft(request: { guildId: string; voiceChannelId: string; userId: string }) {
      const now = clock.now();
      for (const session of await holds.openSessionsForVoice(request.guildId, request.voiceChannelId)) {
        if (await holds.leave(session.id, request.userId, now)) await refreshLive(session);
      }
    },

    /** Does whatever is due on every active hold; returns when next to look (epoch ms). */
    /**
     * Starts whatever is due on each hold and returns when next to look (epoch ms), without waiting:
     * holds are independent, so one hold's database work or Discord call never delays another's end.
     * A hold still busy from an earlier look is left alone; the regular sweep looks at it again.
     */
    async advanceHolds(shards?: ShardSet): Promise<number> {
      const now = clock.now().getTime();
      let next = Infinity;
      for (const session of await holds.activeSessions(shards)) {
        if (advancing.has(session.id)) continue;
        const due = nextDueAt(session);
        if (due > now) {
          next = Math.min(next, due);
          continue;
        }
        const work = advance(session, new Date(now))
          .catch((error: unknown) => deps.onError?.(error, session))
          .finally(() => advancing.delete(session.id));
        advancing.set(session.id, work);
      }
      return next;
    },

    /** Resolves when every hold step and live edit started so far is done (tests and shutdown wait on it). */
    async settled(): Promise<void> {
      while (advancing.size > 0 || liveEdits.size > 0)
        await Promise.all([...advancing.values(), ...liveEdits]);
    },

    setHoldCategory: holds.setHoldCategory,

    /** Holds open now in every server, waiting to start or under way. */
    countRunning: () => holds.openSessionCount(),
  };
}
