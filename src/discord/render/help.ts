import type { APIEmbed } from 'discord.js';
import { formatAmount } from '../../core/amount.js';
import { backfillDays } from '../../core/days.js';
import { exercises, type Exercise } from '../../core/exercises.js';
import { routines } from '../../core/routines.js';
import { privacyHelpLines } from './privacy.js';
import { colors, onlyForYou, type Reply } from './replies.js';

const pointsText = (exercise: Exercise) =>
  exercise.unit === 'reps' ? `${exercise.points} per rep` : `${exercise.points} per minute`;

const catalogLine = (exercise: Exercise) =>
  `**${exercise.name}** \`${exercise.id}\` · goal ${formatAmount(exercise, exercise.dailyTarget)} a day · ${pointsText(exercise)}`;

export function renderHelp(): Reply {
  const program: APIEmbed = {
    title: 'Align: looking after your back, together',
    color: colors.brand,
    description: [
      'The idea behind the program: much back pain comes from a pelvis pulled out of line by tight calves, hamstrings, glutes and hip flexors. Each day has four parts:',
      '• **Move** in the morning: a walk, jog, swim or ride.',
      '• **Strengthen**: push-ups, sit-ups and squats (20 a day is good, 30 better, 40 best), and the superman back arch, building up to about 2 minutes.',
      '• **Stretch** calves, hamstrings, glutes and hip flexors.',
      '• **Relax** on the floor: 20 minutes of static back (legs bent 90° on an ottoman), and the supine groin stretch, 20 minutes a leg.',
      '',
      'Relief comes slowly: weeks to feel a change, months to a year to be free of pain. Showing up every day matters more than big numbers, and push-ups are the best single sign of how your back is doing.',
    ].join('\n'),
  };
  const commands: APIEmbed = {
    title: 'Commands',
    color: colors.brand,
    description: [
      '`/log exercise amount [note] [day]`: record an exercise. Reps are whole numbers; times can be `90s`, `2m`, `1:30` or a plain number in the exercise’s usual unit (seconds for the superman, minutes for the rest).',
      `  \`day\` back-fills up to ${backfillDays} days: \`yesterday\`, \`monday\`, \`2 days ago\`, or a date.`,
      '`/undo`: remove your most recent log.',
      '`/me [member]`: this week and all time, streaks, tiers and today’s progress.',
      '`/hold start routine [minutes] [voice] [starts_in]`: a group hold in a channel of its own; press **Join** there, or join the voice channel you name. `/hold list` shows what is going on; `/hold stop` ends yours early (time held so far is logged).',
      `  Routines: ${routines.map((r) => `\`${r.id}\` (${r.defaultMinutes} min${r.minutesMean === 'each leg' ? ' a leg' : ''})`).join(', ')}.`,
      '`/leaderboard [period] [exercise]`: who showed up this week, this month or ever.',
      '`/remind add when message [only_if_not_logged]`: a DM on a schedule, such as `daily 20:30`, `weekdays 07:30` or `every 45 minutes from 08:00 to 22:00`; `/remind list`, `/remind remove`.',
      '`/timezone [zone]`: your time zone, so your days start at your midnight.',
      '`/setup timezone|holds|leaderboard` and `/schedule add|list|remove`: the server’s time zone, where hold channels go, the weekly board, and reminders posted in a channel (Manage Server).',
      ...privacyHelpLines,
    ].join('\n'),
  };
  const scoring: APIEmbed = {
    title: 'Exercises, goals and points',
    color: colors.brand,
    description: [
      ...exercises.map(catalogLine),
      '',
      '**Streaks** count consecutive days with at least one log, in your own time zone. Today counts once you log, and an empty today doesn’t break your streak until the day is over. Changing your time zone never breaks it by itself.',
      '**Points** count up to three times an exercise’s daily goal each day: more is still logged and still counts for your streak, it just doesn’t score, so nobody tops a board by overdoing it.',
      '**Tiers** are your best single day of push-ups, sit-ups or squats: 🥉 20, 🥈 30, 🥇 40.',
    ].join('\n'),
  };
  return onlyForYou({ embeds: [program, commands, scoring] });
}
