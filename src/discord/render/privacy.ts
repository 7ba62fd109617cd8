import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import { csvField } from '../../core/csv.js';
import { exerciseById } from '../../core/exercises.js';
import type { ExerciseLog } from '../../db/schema.js';
import {
  deleteConfirmationMinutes,
  removedServerGraceDays,
  type ExportHead,
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

const csvHeader = `${logColumns.map(csvField).join(',')}\r\n`;

/** The logs' CSV rows, each ending in CRLF, without the header. */
function logCsvRows(logs: readonly ExerciseLog[]): string {
  let text = '';
  for (const log of logs) {
    const row = [
      log.id,
      log.localDay,
      log.loggedAt.toISOString(),
      log.exercise,
      log.amount,
      exerciseById(log.exercise)?.unit ?? '',
      log.source,
      log.note,
      log.holdSessionId,
    ];
    text += `${row.map(csvField).join(',')}\r\n`;
  }
  return text;
}

/** The member's logs as CSV, one row per log, amounts in their stored unit (reps or seconds). */
export function renderLogsCsv(logs: readonly ExerciseLog[]): string {
  return csvHeader + logCsvRows(logs);
}

const withoutKeys = <T extends object>(row: T, ...keys: string[]) =>
  Object.fromEntries(Object.entries(row).filter(([key]) => !keys.includes(key)));

/**
 * The JSON file up to its logs: everything else, then the opening of `exerciseLogs`, last so the logs
 * can follow as they are read. The server and member are named once, not on every row.
 */
function exportJsonHead(head: ExportHead): string {
  const text = JSON.stringify(
    {
      about:
        'Everything Align stores about you in this server. Amounts are reps, or seconds for timed exercises; times are UTC.',
      exportedAt: head.exportedAt,
      serverId: head.guildId,
      userId: head.userId,
      memberSettings: head.settings && withoutKeys(head.settings, 'guildId', 'userId'),
      holdParticipation: head.holds.map(({ participation, routine, startsAt, endsAt }) => ({
        ...withoutKeys(participation, 'userId'),
        routine,
        holdStartsAt: startsAt,
        holdEndsAt: endsAt,
      })),
      holdsStarted: head.holdsStarted,
      reminders: head.reminders.map((reminder) => withoutKeys(reminder, 'guildId', 'ownerId')),
    },
    null,
    2,
  );
  // The object without its closing brace, and the logs' array opened in its place.
  return `${text.slice(0, text.lastIndexOf('}')).trimEnd()},\n  "exerciseLogs": [`;
}

/** A batch of logs as entries of the JSON file's `exerciseLogs`, indented as JSON.stringify would. */
function exportJsonLogs(logs: readonly ExerciseLog[], first: boolean): string {
  return logs
    .map((log, i) => {
      const entry = JSON.stringify(withoutKeys(log, 'guildId', 'userId'), null, 2).replaceAll('\n', '\n    ');
      return `${first && i === 0 ? '' : ','}\n    ${entry}`;
    })
    .join('');
}

const exportJsonEnd = (anyLogs: boolean) => `${anyLogs ? '\n  ' : ''}]\n}`;

/** Everything in the export as JSON, in one string (what the streamed file holds, for a small export). */
export function renderExportJson(data: MemberExport): string {
  return exportJsonHead(data) + exportJsonLogs(data.logs, true) + exportJsonEnd(data.logs.length > 0);
}

/**
 * One file of the export, written piece by piece. It is kept as it is while it fits what Discord lets
 * this server upload (`sizeLimit`, 10 MiB without boosts); past that, what came so far and all that
 * follows goes through gzip, which shrinks text to a tenth or less. gzip runs on libuv's thread pool, so
 * a large export never holds up the event loop, and writes wait for it (backpressure).
 */
function createExportFile(name: string, sizeLimit: number) {
  let plain: Buffer[] = [];
  let plainBytes = 0;
  let gzip: Gzip | undefined;
  const compressed: Buffer[] = [];
  let failure: unknown;

  async function toGzip(chunk: Buffer) {
    if (!gzip) {
      gzip = createGzip();
      gzip.on('data', (piece: Buffer) => compressed.push(piece));
      gzip.on('error', (error) => (failure = error));
    }
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  }

  return {
    async write(text: string) {
      if (failure) throw failure;
      const chunk = Buffer.from(text);
      if (gzip) return toGzip(chunk);
      plain.push(chunk);
      plainBytes += chunk.length;
      if (plainBytes <= sizeLimit) return;
      const sofar = Buffer.concat(plain);
      plain = [];
      await toGzip(sofar);
    },
    async finish(): Promise<ExportFile> {
      if (!gzip) return { name, data: Buffer.concat(plain) };
      const ended = once(gzip, 'end');
      gzip.end();
      await ended;
      if (failure) throw failure;
      return { name: `${name}.gz`, data: Buffer.concat(compressed) };
    },
  };
}

/**
 * The export's two files, JSON with everything and CSV with the logs, written as the export is read:
 * `head` once, then `logs` for each batch, then `finish` for the files.
 */
export function createExportFiles(sizeLimit: number) {
  let json: ReturnType<typeof createExportFile> | undefined;
  let csv: ReturnType<typeof createExportFile> | undefined;
  let anyLogs = false;
  return {
    async head(head: ExportHead) {
      const day = head.exportedAt.toISOString().slice(0, 10);
      json = createExportFile(`align-data-${day}.json`, sizeLimit);
      csv = createExportFile(`align-logs-${day}.csv`, sizeLimit);
      await Promise.all([json.write(exportJsonHead(head)), csv.write(csvHeader)]);
    },
    async logs(batch: readonly ExerciseLog[]) {
      if (!json || !csv) throw new Error('Export logs written before the head');
      if (batch.length === 0) return;
      await Promise.all([json.write(exportJsonLogs(batch, !anyLogs)), csv.write(logCsvRows(batch))]);
      anyLogs = true;
    },
    async finish(): Promise<ExportFile[]> {
      if (!json || !csv) throw new Error('Export finished before the head');
      await json.write(exportJsonEnd(anyLogs));
      return Promise.all([json.finish(), csv.finish()]);
    },
  };
}

export function renderExportMessage(
  data: ExportHead & { logCount: number },
  files: readonly ExportFile[],
): string {
  return [
    '📦 Here is everything I keep about you in this server:',
    `${data.settings ? 'your settings, ' : ''}${countOf(data.logCount, 'log')}, ${countOf(data.holds.length, 'hold')} you joined and ${countOf(data.reminders.length, 'reminder')}.`,
    'The `.json` file has it all; the `.csv` file has your logs, for a spreadsheet.',
    ...(files.some((file) => file.name.endsWith('.gz'))
      ? [
          'Too large to send as they are, the `.gz` files are gzipped: most systems open them with a double click.',
        ]
      : []),
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
