import type { ErrorTexts } from './result.js';

/** What a member can get wrong with /remind, /schedule and the weekly board in /setup. */
export type RemindersError =
  | { code: 'schedule.unreadable'; typed: string }
  | { code: 'schedule.bad_interval' }
  | { code: 'schedule.bad_window' }
  | { code: 'schedule.window_gap'; everyMinutes: number; gapMinutes: number }
  | { code: 'schedule.seconds' }
  | { code: 'schedule.bad_cron'; cron: string }
  | { code: 'schedule.bad_step' }
  | { code: 'schedule.backwards_range'; range: string }
  | { code: 'schedule.out_of_range'; field: string; value: number; min: number; max: number }
  | { code: 'schedule.unsupported'; symbol: string }
  | { code: 'schedule.no_such_day'; months: string[]; days: string }
  | { code: 'schedule.never' }
  | { code: 'schedule.too_often'; minGapMinutes: number; gapMinutes: number; at: string }
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
  /** A post's channel (a schedule's, the weekly board's) that isn't a text channel of this server. */
  | { code: 'schedule.bad_channel'; reason: 'elsewhere' | 'wrong_kind' }
  | { code: 'board.bad_day' }
  /** The bot could not post in the chosen channel: the names of the permissions it lacks there. */
  | { code: 'schedule.cannot_post'; channelId: string; missing: readonly string[] };

export const remindersErrorTexts: ErrorTexts<RemindersError> = {
  'schedule.unreadable': ({ typed }) =>
    `I can’t read “${typed.slice(0, 60)}” as a schedule. Try \`daily 20:30\`, \`weekdays 07:30\`, \`mon,wed,fri 18:00\`, \`every 2 hours\`, or a 5-field cron expression such as \`30 20 * * *\`.`,
  'schedule.bad_interval': () =>
    'An interval goes from 15 minutes to 24 hours, such as `every 45 minutes` or `every 7 hours`.',
  'schedule.bad_window': () =>
    'The window starts before it ends on the same day, such as `every 2 hours from 08:00 to 22:00`.',
  'schedule.window_gap': ({ everyMinutes, gapMinutes }) =>
    `From the last reminder of one day to the first of the next there would be only ${gapMinutes} minutes, less than the ${everyMinutes} you asked for; end the window earlier or start it later.`,
  'schedule.seconds': () =>
    'Cron expressions here have 5 fields (no seconds): minute hour day month weekday.',
  'schedule.bad_cron': ({ cron }) =>
    `\`${cron.slice(0, 60)}\` is not a valid cron expression: it needs 5 fields (minute hour day month weekday), such as \`30 20 * * *\`.`,
  'schedule.never': () => 'That schedule never fires.',
  'schedule.bad_step': () => 'In a cron expression a step (the number after `/`) must be at least 1.',
  'schedule.backwards_range': ({ range }) =>
    `The range \`${range.slice(0, 20)}\` runs backwards; write it from low to high, such as \`1-5\`.`,
  'schedule.out_of_range': ({ field, value, min, max }) =>
    `${value} is not a possible ${field}: it goes from ${min} to ${max}.`,
  'schedule.unsupported': ({ symbol }) =>
    `\`${symbol}\` in cron expressions (last day, nearest weekday, nth weekday) isn’t supported here; list the days instead, such as \`0 9 25-31 * *\`.`,
  'schedule.no_such_day': ({ months, days }) =>
    `That schedule never fires: ${months.length > 1 ? `${months.slice(0, -1).join(', ')} and ${months.at(-1)!} have` : `${months[0]!} has`} no ${days}.`,
  'schedule.too_often': ({ minGapMinutes, gapMinutes, at }) =>
    `Reminders can fire at most every ${minGapMinutes} minutes; this one would fire ${gapMinutes} minutes apart at ${at}.`,
  'schedule.too_many': ({ max }) => `This server has ${max} schedules already; remove one first.`,
  'schedule.unknown': () => 'There is no schedule with that number. `/schedule list` shows them.',
  'reminder.empty': () => 'Give the reminder a message, such as “Time to stretch!”.',
  'reminder.too_long': ({ max }) => `Reminder messages are up to ${max} characters.`,
  'reminder.too_many': ({ max }) => `You have ${max} reminders here already; remove one first.`,
  'reminder.unknown': () => 'You have no reminder with that number here. `/remind list` shows yours.',
  'reminder.gone': () => 'That reminder no longer exists, so there is nothing to stop.',
  'reminder.not_yours': () => 'Only the member who set up this reminder can stop it.',
  'schedule.bad_channel': ({ reason }) =>
    reason === 'elsewhere'
      ? 'That channel isn’t one of this server’s. Choose a text channel here.'
      : 'I post in text channels: choose a text channel, not a category, voice channel or thread.',
  'board.bad_day': () => 'Pick the day from the list: Monday to Sunday.',
  'board.bad_time': () => 'Give the time as HH:MM, such as `09:00` or `18:30`.',
  'schedule.cannot_post': ({ channelId, missing }, markup) =>
    `I can’t post in ${markup.channel(channelId)}: I need ${missing.map((name) => `**${name}**`).join(', ')} there. A server admin can give me these in the channel’s settings, or choose another channel.`,
};
