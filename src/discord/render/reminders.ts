import { routineById } from '../../core/routines.js';
import type { Reminder } from '../../db/schema.js';
import type { SchedulePreview } from '../../services/reminders.js';
import { discordTime } from './format.js';

/** The message a reminder posts; it may quote members' text, so it never pings anyone. */
export function renderReminder(reminder: Reminder) {
  const footer =
    reminder.kind === 'personal'
      ? `-# Your reminder #${reminder.number}, ${reminder.scheduleWords}. \`/remind remove number:${reminder.number}\` stops it.`
      : `-# Server schedule #${reminder.number}, ${reminder.scheduleWords}.${reminder.openHoldRoutine ? ` A group hold (${routineById(reminder.openHoldRoutine)?.name ?? reminder.openHoldRoutine}) opens in its own channel: \`/hold list\` shows where.` : ''}`;
  return { content: `⏰ ${reminder.message}\n${footer}`, allowed_mentions: { parse: [] } };
}

export function renderReminderDisabled(reminder: Reminder) {
  return {
    content: `⚠️ I switched off reminder #${reminder.number} (“${reminder.message.slice(0, 80)}”): ${reminder.disabledReason ?? 'it kept failing'}. Add it again once that is fixed.`,
    allowedMentions: { parse: [] },
  };
}

export function describeSchedule(schedule: SchedulePreview): string {
  return [
    `**${schedule.words}** (${schedule.timeZone})`,
    `Next: ${schedule.next.map((date) => discordTime(date, 'F')).join(' · ')}`,
  ].join('\n');
}

export function renderReminderList(reminders: Reminder[], empty: string): string {
  if (reminders.length === 0) return empty;
  return reminders
    .map((r) => {
      const state = r.enabled
        ? `next ${discordTime(r.nextFireAt)}`
        : `⏸️ off: ${r.disabledReason ?? 'disabled'}`;
      const extras = [
        r.onlyIfNotLogged ? 'only if you haven’t logged that day' : '',
        r.kind === 'server' ? `in <#${r.channelId}>` : '',
        r.openHoldRoutine ? `opens a hold: ${routineById(r.openHoldRoutine)?.name ?? r.openHoldRoutine}` : '',
      ].filter(Boolean);
      return `**#${r.number}** ${r.scheduleWords} (${r.timeZone}), ${state}${extras.length ? ` · ${extras.join(' · ')}` : ''}\n> ${r.message.slice(0, 120)}`;
    })
    .join('\n')
    .slice(0, 1900);
}
