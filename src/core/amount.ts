import type { Exercise } from './exercises.js';
import type { LoggingError } from './logging.errors.js';
import { err, ok, type Result } from './result.js';

const durationPattern = /^(?:(\d+)h)?(?:(\d+)m(?:in)?)?(?:(\d+)s(?:ec)?)?$/;
const clockPattern = /^(?:(\d+):)?(\d+):(\d+)$/;
/** `1h30`: hours, then minutes without their unit, as people write them. */
const hoursMinutesPattern = /^(\d+)h(\d{1,2})$/;

/**
 * Reads what a member typed as an amount: reps as whole numbers; durations as `90s`, `2m`, `1h30m`,
 * `1h30`, `1:30`, or a bare number in the exercise's natural unit. Returns reps or seconds.
 */
export function parseAmount(exercise: Exercise, input: string): Result<number, LoggingError> {
  const trimmed = input.trim().toLowerCase();
  // `3 0` could be 30 or 3 and a typo; `1h 30m` and `2 min` are fine.
  if (/\d\s+\d/.test(trimmed)) return err<LoggingError>({ code: 'amount.spaced', typed: input.trim() });
  const text = trimmed.replace(/\s+/g, '');
  // Whole but too many digits for any log (or a database integer): say so, not "whole number".
  if (/\d{10,}/.test(text)) return err<LoggingError>({ code: 'amount.huge', exercise });
  const amount = exercise.unit === 'reps' ? parseReps(text) : parseDuration(exercise, text);
  if (!amount.ok) return amount;
  if (amount.value < 1) {
    return err<LoggingError>({ code: 'amount.too_small', exercise });
  }
  if (amount.value > exercise.maxPerLog) {
    return err<LoggingError>({ code: 'amount.too_large', exercise, amount: amount.value });
  }
  return amount;
}

function parseReps(text: string): Result<number, LoggingError> {
  if (!/^\d{1,9}$/.test(text)) {
    return err<LoggingError>({ code: 'amount.not_reps' });
  }
  return ok(Number(text));
}

function parseDuration(exercise: Exercise, text: string): Result<number, LoggingError> {
  const wrongFormat = err<LoggingError>({ code: 'amount.not_duration', exercise });
  if (/^\d{1,9}$/.test(text)) return ok(Number(text) * (exercise.bareNumber === 'minutes' ? 60 : 1));
  if (/^\d{1,6}\.\d{1,2}$/.test(text) && exercise.bareNumber === 'minutes') {
    return ok(Math.round(Number(text) * 60));
  }

  const clock = clockPattern.exec(text);
  if (clock) {
    const [, hours, minutes, seconds] = clock;
    const hasHours = hours !== undefined;
    if (Number(seconds) > 59 || (hasHours && Number(minutes) > 59)) {
      return err<LoggingError>({ code: 'amount.bad_clock', typed: text, withSeconds: true });
    }
    if (seconds!.length !== 2) return wrongFormat;
    return ok(Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds));
  }

  const hoursMinutes = hoursMinutesPattern.exec(text);
  if (hoursMinutes) {
    const [, hours, minutes] = hoursMinutes.map(Number);
    if (minutes! > 59)
      return err<LoggingError>({ code: 'amount.bad_clock', typed: text, withSeconds: false });
    return ok(hours! * 3600 + minutes! * 60);
  }

  const parts = durationPattern.exec(text);
  if (text !== '' && parts && parts.slice(1).some((part) => part !== undefined)) {
    const [, hours, minutes, seconds] = parts.map((part) => Number(part ?? 0));
    return ok(hours! * 3600 + minutes! * 60 + seconds!);
  }
  return wrongFormat;
}

/** "30 push-ups", "2 min 30 s", "20 min". */
export function formatAmount(exercise: Exercise, amount: number): string {
  if (exercise.unit === 'reps') return `${amount} ${amount === 1 ? 'rep' : 'reps'}`;
  return formatDuration(amount);
}

export function formatDuration(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts = [hours && `${hours} h`, minutes && `${minutes} min`, seconds && `${seconds} s`].filter(
    Boolean,
  );
  return parts.length > 0 ? parts.join(' ') : '0 s';
}
