import { formatAmount } from '../../core/amount.js';
import type { Exercise } from '../../core/exercises.js';
import type { LoggedExercise, UndoneLog } from '../../services/exercise-log.js';
import { shownName } from './format.js';
import { progressBar } from './progress-bar.js';
import { onlyForYou, type Reply } from './replies.js';

const tierBadges = { good: '🥉', better: '🥈', best: '🥇' } as const;

export function describeAmount(exercise: Exercise, amount: number): string {
  // "30 push-ups", but "1 rep of push-ups": the catalog names rep exercises in the plural.
  return exercise.unit === 'reps' && amount !== 1
    ? `${amount} ${exercise.name.toLowerCase()}`
    : `${formatAmount(exercise, amount)} of ${exercise.name.toLowerCase()}`;
}

export function streakText(days: number): string {
  return days === 0 ? 'no streak yet' : `🔥 ${days}-day streak`;
}

/** Posted in the channel: logging in front of the group is the accountability. */
export function renderLogged(logged: LoggedExercise, memberName: string): Reply {
  const { exercise, log, dayTotal, newTier, streaks } = logged;
  const when = logged.isToday ? '' : ` for ${log.localDay}`;
  const lines = [
    `✅ **${shownName(memberName)}** logged ${describeAmount(exercise, log.amount)}${when}.`,
    `${logged.isToday ? 'Today' : log.localDay}: ${formatAmount(exercise, dayTotal)} ${progressBar(dayTotal, exercise.dailyTarget)} · ${streakText(streaks.current)}`,
  ];
  if (newTier) {
    lines.push(`${tierBadges[newTier.name]} ${newTier.reps} in a day: the *${newTier.name}* tier!`);
  }
  return { content: lines.join('\n') };
}

export function renderUndone({ log, exercise }: UndoneLog): Reply {
  const what = exercise ? describeAmount(exercise, log.amount) : `${log.amount} ${log.exercise}`;
  return onlyForYou({ content: `↩️ Removed your log of ${what} on ${log.localDay}.` });
}
