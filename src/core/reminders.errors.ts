import type { ErrorTexts } from './result.js';

/** What a member can get wrong with /remind, /schedule and the weekly board in /setup. */
export type RemindersError =
  | { code: 'schedule.unreadable'; typed: string }
  | { code: 'schedule.bad_interval'; unit: 'hours' | 'minutes' }
  | { code: 'schedule.seconds' }
  | { code: 'schedule.bad_cron'; cron: string }
  | { code: 'schedule.never' }
  | { code: 'schedule.too_often'; minGapMinutes: number }
  | { code: 'schedule.too_many'; max: number }
  | { code: 'schedule.unknown' }
  | { code: 'reminder.empty' }
  | { code: 'reminder.too_long'; max: number }
  | { code: 'reminder.too_many'; max: number }
  | { code: 'reminder.unknown' }
  /** A Stop button pressed after its reminder was removed. */
  | { code: 'reminder.gone' }
  | { code: 'reminder.not_yours' }
  | { code: 'board.bad_time' }
  /** The bot could not post in the chosen channel: the names of the permissions it lacks there. */
  | { code: 'schedule.cannot_post'; channelId: string; missing: readonly string[] };

export const remindersErrorTexts: ErrorTexts<RemindersError> = {
  'schedule.unreadable': ({ typed }) =>
    `I can’t read “${typed.slice(0, 60)}” as a schedule. Try \`daily 20:30\`, \`weekdays 07:30\`, \`mon,wed,fri 18:00\`, \`every 2 hours\`, or a 5-field cron expression such as \`30 20 * * *\`.`,
  'schedule.bad_interval': ({ unit }) =>
    unit === 'hours'
      ? 'Hours go from 1 to 23; for a daily reminder write `daily 20:30`.'
      : 'Minutes go up to 59; use hours for longer gaps.',
  'schedule.seconds': () =>
    'Cron expressions here have 5 fields (no seconds): minute hour day month weekday.',
  'schedule.bad_cron': ({ cron }) =>
    `\`${cron.slice(0, 60)}\` is not a valid cron expression: it needs 5 fields (minute hour day month weekday), such as \`30 20 * * *\`.`,
  'schedule.never': () => 'That schedule never fires.',
  'schedule.too_often': ({ minGapMinutes }) => `Reminders can fire at most every ${minGapMinutes} minutes.`,
  'schedule.too_many': ({ max }) => `This server has ${max} schedules already; remove one first.`,
  'schedule.unknown': () => 'There is no schedule with that number. `/schedule list` shows them.',
  'reminder.empty': () => 'Give the reminder a message, such as “Time to stretch!”.',
  'reminder.too_long': ({ max }) => `Reminder messages are up to ${max} characters.`,
  'reminder.too_many': ({ max }) => `You have ${max} reminders here already; remove one first.`,
  'reminder.unknown': () => 'You have no reminder with that number here. `/remind list` shows yours.',
  'reminder.gone': () => 'That reminder no longer exists, so there is nothing to stop.',
  'reminder.not_yours': () => 'Only the member who set up this reminder can stop it.',
  'board.bad_time': () => 'Give the time as HH:MM, such as `09:00` or `18:30`.',
  'schedule.cannot_post': ({ channelId, missing }, markup) =>
    `I can’t post in ${markup.channel(channelId)}: I need ${missing.map((name) => `**${name}**`).join(', ')} there. A server admin can give me these in the channel’s settings, or choose another channel.`,
};
