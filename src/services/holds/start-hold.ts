import { channelMisfit } from '../../core/channel-fit.js';
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
  /**
   * Members sitting in the voice channel as the hold opens: invited (the lobby says so), never
   * enrolled. The channel enrols whoever enters it from now on, and whoever presses Join.
   */
  inVoice?: readonly string[];
  /** False when a schedule opens the hold: its owner joins only if they press Join, like everyone else. */
  starterJoins?: boolean;
}

const alreadyRunning = (running: HoldSession | undefined) =>
  err<HoldError>({ code: 'hold.already_running', holdChannelId: running?.holdChannelId ?? null });

/** Holds a schedule opens count toward the server's cap only: the admin who set it up is not starting them. */
const starterCap = (request: StartHoldRequest) =>
  request.starterJoins === false ? null : holdRules.maxOpenPerStarter;

/** Checking and opening a hold: its channel, its first members and its live message. */
export function createHoldStart(context: HoldContext) {
  const { holds, messenger, clock, channels } = context;

  /** The voice option as Discord knows it: a voice channel of this server that the starter can see and join. */
  async function checkVoice(request: StartHoldRequest): Promise<HoldError | null> {
    const voiceChannelId = request.voiceChannelId;
    if (!voiceChannelId || !channels) return null;
    const misfit = channelMisfit('hold-voice', request.guildId, channels.facts(voiceChannelId));
    if (misfit) return { code: 'hold.bad_voice', reason: misfit };
    const canJoin = await channels.canConnect({
      guildId: request.guildId,
      channelId: voiceChannelId,
      userId: request.userId,
    });
    return canJoin ? null : { code: 'hold.voice_closed_to_you', voiceChannelId };
  }

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
    const cap = starterCap(request);
    if (cap !== null && (await holds.openSessionCountBy(request.guildId, request.userId)) >= cap) {
      return err({ code: 'hold.too_many_yours' });
    }
    const voice = await checkVoice(request);
    if (voice) return err(voice);
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
    const voiceChannelId = request.voiceChannelId ?? null;
    const session = await holds.insertSession(
      {
        guildId: request.guildId,
        originChannelId: request.originChannelId,
        voiceChannelId,
        voiceBystanders: voiceChannelId ? [...new Set(request.inVoice ?? [])] : [],
        routine: routine.id,
        phases,
        startedBy: request.userId,
        startsAt,
        endsAt: timePhases(startsAt, phases).at(-1)!.endsAt,
      },
      { perServer: holdRules.maxOpenPerServer, perStarter: starterCap(request) },
    );
    // Another start won the race for this channel, or for the last place.
    if (session === 'already_running')
      return alreadyRunning(await holds.openSessionIn(request.originChannelId));
    if (session === 'too_many') return err({ code: 'hold.too_many' });
    if (session === 'too_many_yours') return err({ code: 'hold.too_many_yours' });

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
      // The starter acted; whoever sits in the voice channel did not, and is only invited.
      if (request.starterJoins !== false) await holds.join(session.id, request.userId, now, 'button');
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
