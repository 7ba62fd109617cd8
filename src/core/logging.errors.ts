import { formatAmount } from './amount.js';
import { backfillDays } from './days.js';
import type { Exercise } from './exercises.js';
import { noteMaxLength } from './notes.js';
import type { ErrorTexts } from './result.js';

/** What a member can get wrong with /log and /undo: the exercise, its amount, the day, the note. */
export type LoggingError =
  | { code: 'log.unknown_exercise'; typed: string }
  | { code: 'undo.nothing' }
  | { code: 'amount.too_small'; exercise: Exercise }
  | { code: 'amount.too_large'; exercise: Exercise; amount: number }
  | { code: 'amount.not_reps' }
  /** `3 0`: digits split by a space, which could be 30 or 3; never guessed. */
  | { code: 'amount.spaced'; typed: string }
  /** Ten digits or more: whole, but past any log (and the database's integers). */
  | { code: 'amount.huge'; exercise: Exercise }
  | { code: 'amount.not_duration'; exercise: Exercise }
  /** `withSeconds`: the time had seconds (`1:75`), not only hours and minutes (`1h75`). */
  | { code: 'amount.bad_clock'; typed: string; withSeconds: boolean }
  | { code: 'day.unreadable' }
  | { code: 'day.future' }
  | { code: 'day.too_old'; day: string; daysAgo: number }
  | { code: 'note.too_long'; length: number }
  | { code: 'note.mention' };

export const loggingErrorTexts: ErrorTexts<LoggingError> = {
  'log.unknown_exercise': ({ typed }) =>
    `I don’t know the exercise “${typed.slice(0, 40)}”. Pick one from the list, or see /help.`,
  'undo.nothing': () => 'You have no logs in this server, so there is nothing to undo.',
  'amount.too_small': ({ exercise }) => `The amount has to be at least ${formatAmount(exercise, 1)}.`,
  'amount.too_large': ({ exercise, amount }) =>
    `${formatAmount(exercise, amount)} in one log looks like a typo: one log can be at most ${formatAmount(exercise, exercise.maxPerLog)}.`,
  'amount.not_reps': () => 'Count reps as a whole number, for example `30`.',
  'amount.spaced': ({ typed }) =>
    `“${typed.slice(0, 20)}” has a space inside the number, so I can’t tell what you meant. Write it without spaces, for example \`30\`.`,
  'amount.huge': ({ exercise }) =>
    `That amount is far too large for one log: one log can be at most ${formatAmount(exercise, exercise.maxPerLog)}.`,
  'amount.not_duration': ({ exercise }) =>
    `${exercise.name} is timed: write a duration such as \`90s\`, \`2m\`, \`1h30m\`, \`1:30\` or a plain number of ${exercise.bareNumber}.`,
  'amount.bad_clock': ({ typed, withSeconds }) =>
    `\`${typed}\` is not a time: ${withSeconds ? 'minutes and seconds go' : 'minutes go'} up to 59.`,
  'day.unreadable': () =>
    'Give the day as `today`, `yesterday`, `3 days ago`, a weekday such as `monday`, or a date like `2026-11-27`.',
  'day.future': () => 'You can’t log a day that hasn’t happened yet.',
  'day.too_old': ({ day, daysAgo }) =>
    `You can back-fill up to ${backfillDays} days; ${day} is ${daysAgo} days ago.`,
  'note.too_long': ({ length }) => `Notes are up to ${noteMaxLength} characters; yours has ${length}.`,
  'note.mention': () => 'Notes can’t contain mentions such as @everyone, @here or pings.',
};
