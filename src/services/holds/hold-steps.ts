import { localDay } from '../../core/days.js';
import { creditTotals, holdCredits, membersOf, nextHoldStep, type HoldStep } from '../../core/hold-steps.js';
import type { HoldError } from '../../core/holds.errors.js';
import type { ShardSet } from '../../core/shards.js';
import { streakRecord } from '../../core/streaks.js';
import { err, ok, type Result } from '../../core/result.js';
import type { HoldParticipant, HoldSession } from '../../db/schema.js';
import { isLastingRefusal } from '../../shared/request-brake.js';
import { createTaskLimit } from '../task-limit.js';
import { holdRules, phasesOf, present, type HoldContext } from './shared.js';

/** A hold's course once started: its announcements, progress, end, stop and channel removal. */
export function createHoldSteps(context: HoldContext) {
  const { holds, settings, messenger, clock, metrics } = context;
  const stepRan = (dueAt: Date, work: 'hold-step' | 'hold-end' = 'hold-step') =>
    metrics.scheduledWorkRan(work, clock.now().getTime() - dueAt.getTime());
  /** When this process last showed each hold's progress, so the bar moves on about once a minute. */
  const progressShown = new Map<number, Date>();
  const advancing = new Map<number, Promise<unknown>>();
  /** Roll-ups after holds end: two at a time, leaving the rest of the pool to the ends themselves. */
  const backgroundWork = createTaskLimit(2);

  /** The members' log rows for a hold ended at `endedAt`, from whichever participant rows the end commits. */
  async function credit(session: HoldSession, endedAt: Date) {
    const zones = await settings.timeZonesOf(
      session.guildId,
      membersOf(await holds.participants(session.id)),
    );
    const phases = phasesOf(session);
    return (rows: HoldParticipant[]) =>
      holdCredits(phases, endedAt, rows).map(({ userId, exercise, seconds }) => ({
        guildId: session.guildId,
        userId,
        exercise,
        amount: seconds,
        loggedAt: endedAt,
        localDay: localDay(endedAt, zones.get(userId) ?? 'UTC'),
        source: 'hold' as const,
        note: null,
        holdSessionId: session.id,
      }));
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
    const userIds = membersOf(rows);
    const credits = creditTotals(
      rows,
      logs.map((log) => ({ userId: log.userId, exercise: log.exercise, seconds: log.amount })),
    );
    progressShown.delete(session.id);
    try {
      await messenger.announce(finished, { kind: 'finished', credits, mentions: userIds });
      context.showLive(await context.viewOf(finished, rows), 'step');
    } finally {
      // Boards' roll-ups and streaks can trail the end by a moment (other holds' ends can't wait for them),
      // but they must follow the credits even when Discord refuses the announcement.
      await refreshBoards(session.guildId, userIds, logs);
    }
    return finished;
  }

  async function refreshBoards(guildId: string, userIds: string[], logs: { localDay: string }[]) {
    await backgroundWork.run(async () => {
      await context.logs.refreshRollupsOfMembers(
        guildId,
        userIds,
        logs.map((log) => log.localDay),
      );
      const [days, bridges] = await Promise.all([
        context.logs.activeDaysOfMembers(guildId, userIds),
        settings.streakBridgesOf(guildId, userIds),
      ]);
      await settings.recordStreaks(
        guildId,
        userIds.map((userId) => ({
          userId,
          record: streakRecord(days.get(userId) ?? [], bridges.get(userId)),
        })),
      );
    });
  }

  async function removeChannel(session: HoldSession, now: Date): Promise<void> {
    const claimed = await holds.claimChannelRemoval(session.id, now);
    if (!claimed) return;
    const inAMinute = () =>
      holds.update(session.id, { channelRemovedAt: null, removeChannelAt: new Date(now.getTime() + 60_000) });
    // Too many refusals across the process: the removal waits, however long, as a channel left a while
    // harms less than an IP ban.
    if (context.brake?.engaged) {
      await inAMinute();
      return;
    }
    stepRan(session.removeChannelAt!);
    try {
      await messenger.removeChannel(session);
    } catch (error) {
      // A passing fault, even after its client's retries: try again a minute later, for an hour. A
      // refusal (no access, no permission) would only be refused again: the channel stays.
      const ended = (session.finishedAt ?? now).getTime();
      if (!isLastingRefusal(error) && now.getTime() - ended < holdRules.channelRemovalRetryMs) {
        await inAMinute();
      }
      throw error;
    }
  }

  /** Does the one thing due for a session, once even if several processes look. */
  async function advance(session: HoldSession, step: Exclude<HoldStep, { kind: 'wait' }>, now: Date) {
    switch (step.kind) {
      case 'remove-channel':
        return removeChannel(session, now);
      case 'finish':
        await finish(session, step.at, step.at);
        return;
      case 'announce': {
        // A lobby that ends with nobody in it closes: no start, no ping, nothing logged, a place freed.
        if (step.index === 0) {
          const closed = await holds.cancelIfEmpty(
            session.id,
            now,
            new Date(now.getTime() + holdRules.channelGraceMs),
          );
          if (closed) {
            stepRan(step.phase.startsAt);
            progressShown.delete(session.id);
            context.showLive(await context.viewOf(closed), 'step');
            await messenger.announce(closed, { kind: 'empty', mentions: [] });
            return;
          }
        }
        const claimed = await holds.claimStep(session.id, step.index);
        if (!claimed) return;
        stepRan(step.phase.startsAt);
        const mentions = present(await holds.participants(session.id));
        // The announcement is what members wait for; the live message can follow.
        await messenger.announce(claimed, {
          kind: step.index === 0 ? 'start' : 'phase',
          phase: step.phase,
          index: step.index,
          mentions,
        });
        progressShown.set(session.id, now);
        await context.refreshLive(claimed, 'step');
        return;
      }
      case 'refresh':
        progressShown.set(session.id, now);
        await context.refreshLive(session, 'progress');
        return;
    }
  }

  return {
    async stopHold(request: {
      guildId: string;
      channelId: string;
      userId: string;
      canManageMessages: boolean;
    }): Promise<Result<HoldSession, HoldError>> {
      const session = await holds.openSessionIn(request.channelId);
      if (!session || session.guildId !== request.guildId) return err({ code: 'hold.none_here' });
      if (session.startedBy !== request.userId && !request.canManageMessages) {
        return err({ code: 'hold.not_yours' });
      }
      const now = clock.now();
      if (now < session.startsAt) {
        const [cancelled] = await holds.cancelSession(session.id, now);
        if (!cancelled) return err({ code: 'hold.over' });
        const removed = (await holds.update(session.id, { removeChannelAt: now }))!;
        const mentions = present(await holds.participants(session.id));
        context.showLive(await context.viewOf(removed), 'step');
        await messenger.announce(removed, { kind: 'cancelled', mentions });
        return ok(removed);
      }
      await finish(session, now);
      return ok((await holds.session(session.id))!);
    },

    /**
     * Starts whatever is due on each hold and returns when next to look (epoch ms), without waiting:
     * holds are independent, so one hold's database work or Discord call never delays another's end.
     * A hold still busy from an earlier look is left alone; the regular sweep looks at it again.
     */
    async advanceHolds(shards?: ShardSet): Promise<number> {
      const now = clock.now();
      const held = messenger.sendHeldEdits?.(now) ?? { sending: [], nextAt: Infinity };
      for (const { session, sent } of held.sending) context.track(session, sent);
      let next = held.nextAt;
      for (const session of await holds.activeSessions(shards)) {
        if (advancing.has(session.id)) continue;
        const step = nextHoldStep(session, now, progressShown.get(session.id));
        if (step.kind === 'wait') {
          // Finished or cancelled, here or by another process: its progress is no longer shown.
          if (session.status !== 'open') progressShown.delete(session.id);
          next = Math.min(next, step.until?.getTime() ?? Infinity);
          continue;
        }
        const work = advance(session, step, now)
          .catch((error: unknown) => context.onError?.(error, session))
          .finally(() => advancing.delete(session.id));
        advancing.set(session.id, work);
      }
      return next;
    },

    /** Resolves when every hold step and live edit started so far is done (tests and shutdown wait on it). */
    async settled(): Promise<void> {
      while (advancing.size > 0 || context.liveEdits.size > 0)
        await Promise.all([...advancing.values(), ...context.liveEdits]);
    },
  };
}
