import { ButtonStyle, ComponentType } from 'discord.js';
import type { HoldError } from '../../core/holds.errors.js';
import { routineById } from '../../core/routines.js';
import type { Reminder } from '../../db/schema.js';
import type { SchedulePreview } from '../../services/reminders.js';
import { reminderStopButtonId } from '../custom-ids.js';
import { discordTime, isolated, joinWithin, shownName } from './format.js';

/** A personal reminder's way out, on its DM: a member who left the server can't run /remind there. */
const stopButtonRow = (reminder: Reminder) => ({
  type: ComponentType.ActionRow,
  components: [
    {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: 'Stop this reminder',
      custom_id: reminderStopButtonId(reminder.id),
    },
  ],
});

/**
 * The message a reminder posts; it may quote members' text, so it never pings anyone. A DM names its
 * server (`serverName`, when known), as a member may have reminders from several.
 */
export function renderReminder(reminder: Reminder, serverName?: string, holdRefused?: HoldError | null) {
  if (reminder.kind === 'personal') {
    const from = serverName ? ` from **${shownName(serverName)}**` : '';
    return {
      content: `⏰ ${isolated(reminder.message)}\n-# Your reminder #${reminder.number}${from}, ${reminder.scheduleWords}. The button below stops it.`,
      allowed_mentions: { parse: [] },
      components: [stopButtonRow(reminder)],
    };
  }
  const routine = reminder.openHoldRoutine
    ? (routineById(reminder.openHoldRoutine)?.name ?? reminder.openHoldRoutine)
    : null;
  const hold = !routine
    ? ''
    : holdRefused
      ? ` The group hold (${routine}) could not open this time: ${whyNoHold(holdRefused)}.`
      : ` A group hold (${routine}) opens in its own channel: \`/hold list\` shows where.`;
  const footer = `-# Server schedule #${reminder.number}, ${reminder.scheduleWords}.${hold}`;
  return { content: `⏰ ${isolated(reminder.message)}\n${footer}`, allowed_mentions: { parse: [] } };
}

/** Why a schedule's hold did not open, in a public post's words. */
function whyNoHold(error: HoldError): string {
  switch (error.code) {
    case 'hold.already_running':
      return error.holdChannelId
        ? `the one before is still going in <#${error.holdChannelId}>`
        : 'the one before is still going';
    case 'hold.too_many':
      return 'this server has as many holds going as it can';
    default:
      return 'I can’t open one here (`/hold start` says why)';
  }
}

/** The notice when refusals switched a reminder off; `serverName` says where, for people in many servers. */
export function renderReminderDisabled(reminder: Reminder, serverName?: string) {
  const where = serverName ? ` in **${shownName(serverName)}**` : '';
  const what =
    reminder.kind === 'personal'
      ? `your reminder #${reminder.number}`
      : reminder.kind === 'server'
        ? `server schedule #${reminder.number}`
        : 'the weekly leaderboard post';
  const again =
    reminder.kind === 'leaderboard'
      ? 'Set it up again with `/setup leaderboard` once that is fixed.'
      : 'Add it again once that is fixed.';
  return {
    content: `⚠️ I switched off ${what}${where} (“${quoted(reminder.message)}”): ${reminder.disabledReason ?? 'it kept failing'}. ${again}`,
    allowedMentions: { parse: [] },
  };
}

/** The DM /remind add sends at once, so closed DMs show up now rather than at the first reminder. */
export function renderReminderConfirmation(reminder: Reminder, serverName: string) {
  return {
    content: `✅ Your reminder #${reminder.number} from **${shownName(serverName)}** is set, ${reminder.scheduleWords}. It will come here, with a button to stop it.`,
    allowedMentions: { parse: [] },
    components: [stopButtonRow(reminder)],
  };
}

export function renderReminderStopped({ reminder, wasOn }: { reminder: Reminder; wasOn: boolean }): string {
  const what = `Reminder #${reminder.number} (“${quoted(reminder.message)}”)`;
  return wasOn
    ? `🔕 ${what} is off: it won’t come again.`
    : `🔕 ${what} was already off: it won’t come again.`;
}

export function describeSchedule(schedule: SchedulePreview): string {
  return [
    `**${schedule.words}** (${schedule.timeZone})`,
    `Next: ${schedule.next.map((date) => discordTime(date, 'F')).join(' · ')}`,
  ].join('\n');
}

/** A reminder's message quoted on one line: at most 80 characters, bidi isolated. */
const quoted = (message: string, most = 80) => {
  const line = message.replace(/\s+/g, ' ');
  return isolated(line.length > most ? `${line.slice(0, most - 1)}…` : line);
};

/** A list fits one message (2,000 characters); past that, the numbers of those not shown are named. */
export const listLimit = 1900;

/**
 * One line a reminder, its message cut to fit, whole lines only: when they don't all fit, the list
 * ends with how many more and their numbers, so each stays reachable by `remove`.
 */
export function renderReminderList(reminders: Reminder[], empty: string): string {
  if (reminders.length === 0) return empty;
  const lines = reminders.map((r) => {
    const state = r.enabled
      ? `next ${discordTime(r.nextFireAt)}`
      : `⏸️ off: ${r.disabledReason ?? 'disabled'}`;
    const extras = [
      r.onlyIfNotLogged ? 'only if you haven’t logged that day' : '',
      r.kind === 'server' ? `in <#${r.channelId}>` : '',
      r.openHoldRoutine ? `opens a hold: ${routineById(r.openHoldRoutine)?.name ?? r.openHoldRoutine}` : '',
    ].filter(Boolean);
    return `**#${r.number}** ${r.scheduleWords} (${r.timeZone}), ${state}${extras.length ? ` · ${extras.join(' · ')}` : ''}\n> ${quoted(r.message)}`;
  });
  const rest = (n: number) =>
    `…and ${n} more that don’t fit in one message: ${reminders
      .slice(-n)
      .map((r) => `#${r.number}`)
      .join(', ')} (remove works on any number).`;
  return joinWithin(lines, '\n', listLimit, { more: rest });
}
