import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/core/csv.js';
import type { ExerciseLog } from '../../src/db/schema.js';
import { parseCustomId, privacyButtonId } from '../../src/discord/custom-ids.js';
import { createExportFiles, renderExportJson, renderLogsCsv } from '../../src/discord/render/privacy.js';
import type { MemberExport } from '../../src/services/privacy.js';

const log = (overrides: Partial<ExerciseLog>): ExerciseLog => ({
  id: 1,
  guildId: '100',
  userId: '200',
  exercise: 'pushups',
  amount: 30,
  loggedAt: new Date('2026-11-28T18:00:00Z'),
  localDay: '2026-11-28',
  source: 'command',
  note: null,
  holdSessionId: null,
  ...overrides,
});

const exportOf = (logs: ExerciseLog[]): MemberExport => ({
  guildId: '100',
  userId: '200',
  exportedAt: new Date('2026-11-29T10:00:00Z'),
  settings: null,
  logs,
  holds: [],
  holdsStarted: [],
  reminders: [],
});

/** The export's files as the command writes them, from one batch of logs. */
async function renderExportFiles(data: MemberExport, sizeLimit: number) {
  const files = createExportFiles(sizeLimit);
  await files.head(data);
  await files.logs(data.logs);
  return files.finish();
}

describe('CSV', () => {
  it('quotes fields with commas, quotes or line breaks, doubling the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('one\ntwo')).toBe('"one\ntwo"');
    expect(csvField('one\r\ntwo')).toBe('"one\r\ntwo"');
    expect(csvField(null)).toBe('');
    expect(csvField(0)).toBe('0');
  });

  it('ends every line, the last included, with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('renders a member’s logs one row each, with the unit of the stored amount', () => {
    const csv = renderLogsCsv([
      log({ id: 7, note: 'sore, "but" fine\nnext day better' }),
      log({ id: 8, exercise: 'static-back', amount: 1200, source: 'hold', holdSessionId: 3 }),
    ]);
    expect(csv).toBe(
      [
        'id,day,logged_at,exercise,amount,unit,source,note,hold_session_id',
        '7,2026-11-28,2026-11-28T18:00:00.000Z,pushups,30,reps,command,"sore, ""but"" fine\nnext day better",',
        '8,2026-11-28,2026-11-28T18:00:00.000Z,static-back,1200,seconds,hold,,3',
        '',
      ].join('\r\n'),
    );
  });
});

describe('the export files', () => {
  it('name the server and member once in the JSON, not on every log', () => {
    const json = JSON.parse(renderExportJson(exportOf([log({ note: 'ok' })]))) as Record<string, unknown>;
    expect(json).toMatchObject({ serverId: '100', userId: '200', exportedAt: '2026-11-29T10:00:00.000Z' });
    expect(json.exerciseLogs).toEqual([
      {
        id: 1,
        exercise: 'pushups',
        amount: 30,
        loggedAt: '2026-11-28T18:00:00.000Z',
        localDay: '2026-11-28',
        source: 'command',
        note: 'ok',
        holdSessionId: null,
      },
    ]);
  });

  it('are sent as they are when they fit, and gzipped when one is over the upload limit', async () => {
    const logs = Array.from({ length: 200 }, (_, i) => log({ id: i + 1, note: 'a note to make it longer' }));
    const small = await renderExportFiles(exportOf(logs), 10 * 1024 * 1024);
    expect(small.map((file) => file.name)).toEqual([
      'align-data-2026-11-29.json',
      'align-logs-2026-11-29.csv',
    ]);

    const csvSize = small[1]!.data.length;
    const limited = await renderExportFiles(exportOf(logs), csvSize);
    expect(limited.map((file) => file.name)).toEqual([
      'align-data-2026-11-29.json.gz',
      'align-logs-2026-11-29.csv',
    ]);
    expect(limited[0]!.data.length).toBeLessThan(csvSize);
    expect(gunzipSync(limited[0]!.data)).toEqual(small[0]!.data);
  });
});

describe('the /privacy delete buttons', () => {
  it('carry the member and the moment they asked, and nothing else parses as one', () => {
    const askedAt = new Date('2026-11-28T18:00:00.123Z');
    const id = privacyButtonId('confirm-delete', '123456789012345678', askedAt);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(parseCustomId(id)).toEqual({
      feature: 'privacy',
      action: 'confirm-delete',
      userId: '123456789012345678',
      askedAt,
    });
    expect(parseCustomId(privacyButtonId('cancel-delete', '42', askedAt))).toMatchObject({
      action: 'cancel-delete',
      userId: '42',
    });
    expect(parseCustomId('privacy:confirm-delete:abc:1')).toBeUndefined();
    expect(parseCustomId('privacy:delete-everyone:42:1')).toBeUndefined();
  });
});
