import type { Clock } from '../core/clock.js';
import { parseAmount } from '../core/amount.js';
import { addDays, backfillDays, localDay, parseLogDay, type LocalDay } from '../core/days.js';
import { findExercise, tierReached, type Exercise, type Tier } from '../core/exercises.js';
import { checkNote } from '../core/notes.js';
import type { LoggingError } from '../core/logging.errors.js';
import { err, ok, type Result } from '../core/result.js';
import { countStreaks, sameStreakRecord, streakRecord, type Streaks } from '../core/streaks.js';
import type { ExerciseLog } from '../db/schema.js';
import type { LogsRepository } from './logs.repository.js';
import type { SettingsRepository } from './settings.repository.js';

export interface LogRequest {
  guildId: string;
  userId: string;
  exercise: string;
  amount: string;
  note?: string | null;
  day?: string | null;
}

export interface LoggedExercise {
  log: ExerciseLog;
  exercise: Exercise;
  isToday: boolean;
  dayTotal: number;
  /** Set when this log lifted the day's total into a higher 20/30/40 tier. */
  newTier: Tier | undefined;
  streaks: Streaks;
}

export interface UndoneLog {
  log: ExerciseLog;
  exercise: Exercise | undefined;
}

export type ExerciseLogService = ReturnType<typeof createExerciseLogService>;

export function createExerciseLogService(deps: {
  logs: LogsRepository;
  settings: SettingsRepository;
  clock: Clock;
}) {
  const { logs, settings, clock } = deps;

  return {
    async logExercise(request: LogRequest): Promise<Result<LoggedExercise>> {
      const exercise = findExercise(request.exercise);
      if (!exercise) {
        return err<LoggingError>({ code: 'log.unknown_exercise', typed: request.exercise });
      }
      const amount = parseAmount(exercise, request.amount);
      if (!amount.ok) return amount;
      const note = checkNote(request.note);
      if (!note.ok) return note;

      const now = clock.now();
      const { zone } = await settings.timeZoneOf(request);
      const today = localDay(now, zone);
      const day = parseLogDay(request.day ?? 'today', today);
      if (!day.ok) return day;

      const member = { guildId: request.guildId, userId: request.userId };
      const { log, dayTotalBefore, activeDays, storedStreak } = await logs.record({
        ...member,
        exercise: exercise.id,
        amount: amount.value,
        loggedAt: now,
        localDay: day.value,
        source: 'command',
        note: note.value,
        holdSessionId: null,
      });
      const dayTotal = dayTotalBefore + log.amount;
      const tierAfter = tierReached(exercise, dayTotal);
      const newTier = tierAfter !== tierReached(exercise, dayTotalBefore) ? tierAfter : undefined;
      const bridges = storedStreak?.bridges ?? [];
      const record = streakRecord(activeDays, bridges);
      // Most logs are not a member's first of the day and leave the record as it was.
      if (!storedStreak || !sameStreakRecord(storedStreak, record))
        await settings.recordStreak({ ...member, record });
      const streaks = countStreaks(activeDays, today, bridges);
      return ok({ log, exercise, isToday: day.value === today, dayTotal, newTier, streaks });
    },

    /** The days a log may go to, in the member's zone: today first, then back to the oldest allowed. */
    async loggableDays(member: { guildId: string; userId: string }): Promise<LocalDay[]> {
      const { zone } = await settings.timeZoneOf(member);
      const today = localDay(clock.now(), zone);
      return Array.from({ length: backfillDays + 1 }, (_, back) => addDays(today, -back));
    },

    async undoLastLog(member: { guildId: string; userId: string }): Promise<Result<UndoneLog>> {
      const log = await logs.deleteNewest(member);
      if (!log) return err<LoggingError>({ code: 'undo.nothing' });
      await logs.refreshRollups(member, [log.localDay]);
      const [days, bridges] = await Promise.all([
        logs.activeDays(member),
        settings.streakBridgesOf(member.guildId, [member.userId]),
      ]);
      await settings.recordStreak({ ...member, record: streakRecord(days, bridges.get(member.userId)) });
      return ok({ log, exercise: findExercise(log.exercise) });
    },
  };
}
