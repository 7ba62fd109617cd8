import { timePhases } from '../../core/hold-timeline.js';
import type { HoldError } from '../../core/holds.errors.js';
import { err, ok, type Result } from '../../core/result.js';
import { holdMinutesRange, routineById, scalePhases, type Routine } from '../../core/routines.js';
import type { HoldSession } from '../../db/schema.js';
import { holdRules, type HoldContext } from './shared.js';

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

const alreadyRunning = (running: HoldSession | undefined) =>
  err<HoldError>({ code: 'hold.already_running', holdChannelId: running?.holdChannelId ?? null });

/** Checking and opening a hold: its channel, its first members and its live message. */
export function createHoldStart(context: HoldContext) {
  const { holds, messenger, clock } = context;

  /** Everything that can be refused before any Discord call, so the refusal is instant and private. */
  async function checkStart(
    request: StartHoldRequest,
  ): Promise<Result<{ routine: Routine; minutes: number; startsIn: number }, HoldError>> {
    const routine = routineById(request.routine);
    if (!routine) return err({ code: 'hold.unknown_routine', typed: request.routine });
    const minutes = request.minutes ?? routine.defaultMinutes;
    if (!Number.isInteger(minutes) || minutes < holdMinutesRange.min || minutes > holdMinutesRange.max) {
      return err({ code: 'hold.bad_minutes', routineName: routine.name, minutesMean: routine.minutesMean });
    }
    const startsIn = request.startsInMinutes ?? 0;
    if (!Number.isInteger(startsIn) || startsIn < 0 || startsIn > holdRules.maxStartsInMinutes) {
      return err({ code: 'hold.bad_start' });
    }
    const running = await holds.openSessionIn(request.originChannelId);
    if (running) return alreadyRunning(running);
    if ((await holds.openSessionCount(request.guildId)) >= holdRules.maxOpenPerServer) {
      return err({ code: 'hold.too_many' });
    }
    const refusal = await messenger.checkHoldChannel?.({
      guildId: request.guildId,
      originChannelId: request.originChannelId,
      categoryId: await holds.holdCategory(request.guildId),
    });
    if (refusal) return err(refusal);
    return ok({ routine, minutes, startsIn });
  }

  async function startHold(
    request: StartHoldRequest,
  ): Promise<Result<{ session: HoldSession; channelId: string }, HoldError>> {
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
    // Another start won the race for this channel.
    if (!session) return alreadyRunning(await holds.openSessionIn(request.originChannelId));

    let channelMade = false;
    try {
      const opened = await messenger.openHoldChannel({
        guildId: request.guildId,
        originChannelId: request.originChannelId,
        categoryId: await holds.holdCategory(request.guildId),
        name: `hold-${routine.id}`,
      });
      if (!opened.ok) {
        await holds.cancelSession(session.id, now);
        return opened;
      }
      const channel = opened.value;
      await holds.update(session.id, { holdChannelId: channel.channelId, holdChannelKind: channel.kind });
      channelMade = true;
      const starter = request.starterJoins === false ? [] : [request.userId];
      for (const userId of new Set([...starter, ...(request.inVoice ?? [])])) {
        await holds.join(session.id, userId, now, userId === request.userId ? 'button' : 'voice');
      }
      const withChannel = (await holds.session(session.id))!;
      const liveMessageId = await messenger.postLive(await context.viewOf(withChannel));
      const ready = (await holds.update(session.id, { liveMessageId }))!;
      context.onStarted?.();
      return ok({ session: ready, channelId: channel.channelId });
    } catch (error) {
      await holds.cancelSession(session.id, now);
      // The timer removes a channel left behind, as it does after any hold.
      if (channelMade) await holds.update(session.id, { removeChannelAt: now });
      throw error;
    }
  }

  return { checkStart, startHold };
}
