import { gzipSync } from 'node:zlib';
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import { toCsv } from '../../core/csv.js';
import { exerciseById } from '../../core/exercises.js';
import type { ExerciseLog } from '../../db/schema.js';
import {
  deleteConfirmationMinutes,
  removedServerGraceDays,
  type MemberExport,
} from '../../services/privacy.js';
import { privacyButtonId } from '../custom-ids.js';
import { countOf } from './format.js';
import { onlyForYou, type Reply } from './replies.js';

export interface ExportFile {
  name: string;
  data: Buffer;
}

const logColumns = [
  'id',
  'day',
  'logged_at',
  'exercise',
  'amount',
  'unit',
  'source',
  'note',
  'hold_session_id',
] as const;

/** The member's logs as CSV, one row per log, amounts in their stored unit (reps or seconds). */
export function renderLogsCsv(logs: readonly ExerciseLog[]): string {
  return toCsv(
    logColumns,
    logs.map((log) => [
      log.id,
      log.localDay,
      log.loggedAt.toISOString(),
      log.exercise,
      log.amount,
      exerciseById(log.exercise)?.unit ?? '',
      log.source,
      log.note,
      log.holdSessionId,
    ]),
  );
}

/** Everything in the export as JSON; the server and member are named once, not on every row. */
export function renderExportJson(data: MemberExport): string {
  const withoutKeys = <T extends object>(row: T, ...keys: string[]) =>
    Object.fromEntries(Object.entries(row).filter(([key]) => !keys.includes(key)));
  return JSON.stringify(
    {
      about:
        'Everything Align stores about you in this server. Amounts are reps, or seconds for timed exercises; times are UTC.',
      exportedAt: data.exportedAt,
      serverId: data.guildId,
      userId: data.userId,
      memberSettings: data.settings && withoutKeys(data.settings, 'guildId', 'userId'),
      exerciseLogs: data.logs.map((log) => withoutKeys(log, 'guildId', 'userId')),
      holdParticipation: data.holds.map(({ participation, routine, startsAt, endsAt }) => ({
        ...withoutKeys(participation, 'userId'),
        routine,
        holdStartsAt: startsAt,
        holdEndsAt: endsAt,
      })),
      holdsStarted: data.holdsStarted,
      reminders: data.reminders.map((reminder) => withoutKeys(reminder, 'guildId', 'ownerId')),
    },
    null,
    2,
  );
}

/**
 * The export's two files. One larger than Discord lets this server upload (`sizeLimit`, 10 MiB without
 * boosts; years of logs can pass it) goes gzipped, which text shrinks to a tenth or less.
 */
export function renderExportFiles(data: MemberExport, sizeLimit: number): ExportFile[] {
  const day = data.exportedAt.toISOString().slice(0, 10);
  const files = [
    { name: `align-data-${day}.json`, data: Buffer.from(renderExportJson(data)) },
    { name: `align-logs-${day}.csv`, data: Buffer.from(renderLogsCsv(data.logs)) },
  ];
  return files.map((file) =>
    file.data.length <= sizeLimit ? file : { name: `${file.name}.gz`, data: gzipSync(file.data) },
  );
}

export function renderExportMessage(data: MemberExport): string {
  return [
    '📦 Here is everything I keep about you in this server:',
    `${data.settings ? 'your settings, ' : ''}${countOf(data.logs.length, 'log')}, ${countOf(data.holds.length, 'hold')} you joined and ${countOf(data.reminders.length, 'reminder')}.`,
    'The `.json` file has it all; the `.csv` file has your logs, for a spreadsheet.',
  ].join('\n');
}

export function renderDeleteConfirmation(
  userId: string,
  askedAt: Date,
): Reply & { components: APIActionRowComponent<APIButtonComponent>[] } {
  return {
    ...onlyForYou({
      content: [
        '🗑️ **Delete everything I keep about you in this server?**',
        'Your logs, streaks, hold history, reminders and settings here will be gone for good, and you will drop off the leaderboards. Other servers are not affected.',
        `Run \`/privacy export\` first if you want a copy. This button works for ${deleteConfirmationMinutes} minutes.`,
      ].join('\n'),
    }),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Danger,
            label: 'Delete my data',
            custom_id: privacyButtonId('confirm-delete', userId, askedAt),
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: 'Cancel',
            custom_id: privacyButtonId('cancel-delete', userId, askedAt),
          },
        ],
      },
    ],
  };
}

export function renderDeleted(removed: {
  logs: number;
  holds: number;
  reminders: number;
  settings: number;
  already?: boolean;
}): string {
  const what = `${countOf(removed.logs, 'log')}, ${countOf(removed.holds, 'hold record')}, ${countOf(removed.reminders, 'reminder')} and your settings`;
  // A second press of the same Confirm: it says what the first did, not "I deleted 0 logs".
  if (removed.already) return `✅ Your data here was already deleted by your first press (${what}).`;
  if (removed.logs + removed.holds + removed.reminders + removed.settings === 0)
    return '✅ There was nothing left to delete: I keep nothing about you in this server now.';
  return `✅ Done. I deleted ${countOf(removed.logs, 'log')}, ${countOf(removed.holds, 'hold record')}, ${countOf(removed.reminders, 'reminder')} and your settings in this server. If you log again, you start afresh.`;
}

export const deleteCancelled = '👍 Cancelled. Nothing was deleted.';

export const notYourButton = 'These buttons belong to the member who asked. Nothing was changed.';

export const privacyHelpLines = [
  '`/privacy export`: everything I keep about you here, as a JSON and a CSV file.',
  '`/privacy delete`: delete it all (after a confirmation). `/privacy hide` keeps you logging but off every leaderboard; `/privacy show` puts you back.',
  `When the bot is removed from a server, its data is deleted ${removedServerGraceDays} days later unless it is added back.`,
];
