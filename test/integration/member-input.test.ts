import { getTableName } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema.js';
import type { Period } from '../../src/services/leaderboards.js';
import { useServiceTestbed } from '../support/service-testbed.js';

const guildId = '100000000000000001';
const alice = '200000000000000001';
const channelId = '300000000000000001';
const member = { guildId, userId: alice };

const t = useServiceTestbed('2026-11-28T18:00:00Z');

const tables = (Object.values(schema) as unknown[]).filter(
  (value): value is PgTable => value instanceof PgTable,
);

/** Every row of every table, to see that a refusal changed nothing. */
async function everything(): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of tables) result[getTableName(table)] = await t.database.db.select().from(table);
  return result;
}

const code = (result: { ok: boolean; error?: { code: string } }) => (result.ok ? 'ok' : result.error!.code);

describe('services check every option as if the client were not Discord’s', () => {
  it('numbers past the database’s integers name no reminder or schedule, and nothing is asked of the database', async () => {
    const { reminders } = t.services;
    for (const number of [99_999_999_999, 2_147_483_648, -1, 0, 1.5, Number.NaN]) {
      expect(code(await reminders.removePersonal({ ...member, number }))).toBe('reminder.unknown');
      expect(code(await reminders.removeServer({ guildId, number }))).toBe('schedule.unknown');
    }
  });

  it('a weekly board on day 9 (a crafted choice) is refused and nothing is stored', async () => {
    const before = await everything();
    for (const day of [9, 0, -3, 1.5, 99_999_999_999]) {
      const result = await t.services.reminders.setWeeklyBoard({
        ...member,
        channelId,
        day,
        time: '09:00',
      });
      expect(code(result)).toBe('board.bad_day');
    }
    expect(await everything()).toEqual(before);
    const sunday = await t.services.reminders.setWeeklyBoard({ ...member, channelId, day: 7, time: '09:00' });
    expect(sunday.ok && sunday.value.reminder.cron).toBe('0 9 * * 0');
  });

  it('a board for a crafted period, a huge page or an unknown exercise is refused or bounded', async () => {
    const { leaderboards } = t.services;
    expect(code(await leaderboards.board({ guildId, period: 'decade' as Period }))).toBe(
      'board.unknown_period',
    );
    const unknown = await leaderboards.board({ guildId, period: 'week', exercise: 'planking' });
    expect(code(unknown)).toBe('board.unknown_exercise');
    expect(!unknown.ok && unknown.error).toMatchObject({ known: expect.arrayContaining(['pushups']) });
    const far = await leaderboards.board({ guildId, period: 'all', page: 99_999_999_999 });
    expect(far.ok).toBe(true);
  });

  it('reminders and schedules made only of invisible characters are empty, and not stored', async () => {
    const before = await everything();
    for (const message of ['\u200B\u200B', '\u2060\uFEFF ', '\u202E', '\u3164']) {
      expect(
        code(await t.services.reminders.checkPersonal({ ...member, when: 'daily 20:30', message })),
      ).toBe('reminder.empty');
      expect(
        code(
          await t.services.reminders.addServerSchedule({
            ...member,
            channelId,
            when: 'daily 20:30',
            message,
          }),
        ),
      ).toBe('reminder.empty');
    }
    expect(await everything()).toEqual(before);
  });

  it('a note of zero-width characters is no note', async () => {
    const logged = await t.services.exerciseLog.logExercise({
      ...member,
      exercise: 'pushups',
      amount: '20',
      note: '\u200B\u200D',
      day: null,
    });
    expect(logged.ok && logged.value.log.note).toBeNull();
  });

  it('"3 0" and an eleven-digit count log nothing', async () => {
    const before = await everything();
    for (const amount of ['3 0', '99999999999']) {
      const result = await t.services.exerciseLog.logExercise({
        ...member,
        exercise: 'pushups',
        amount,
        note: null,
        day: null,
      });
      expect(result.ok).toBe(false);
    }
    expect(await everything()).toEqual(before);
  });

  it('time zones keep the member’s current spelling; a fixed offset is refused with its Etc name', async () => {
    const { timeZones } = t.services;
    for (const zone of ['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Ho_Chi_Minh', 'Etc/GMT+12']) {
      const set = await timeZones.setMemberTimeZone({ ...member, timeZone: zone });
      expect(set).toEqual({ ok: true, value: zone });
      expect((await timeZones.timeZoneOf(member)).zone).toBe(zone);
    }
    const before = await everything();
    const offset = await timeZones.setMemberTimeZone({ ...member, timeZone: 'UTC+2' });
    expect(!offset.ok && offset.error).toEqual({
      code: 'timezone.fixed_offset',
      typed: 'UTC+2',
      zone: 'Etc/GMT-2',
    });
    expect(await everything()).toEqual(before);
  });

  it('a second confirmation of the same deletion answers with what the first deleted', async () => {
    await t.services.exerciseLog.logExercise({
      ...member,
      exercise: 'pushups',
      amount: '20',
      note: null,
      day: null,
    });
    await t.services.exerciseLog.logExercise({
      ...member,
      exercise: 'squats',
      amount: '20',
      note: null,
      day: null,
    });
    const askedAt = t.clock.now();
    const [first, second] = await Promise.all([
      t.services.privacy.deleteMember({ ...member, askedAt }),
      t.services.privacy.deleteMember({ ...member, askedAt }),
    ]);
    expect(first.ok && first.value).toMatchObject({ logs: 2, already: false });
    expect(second.ok && second.value).toMatchObject({ logs: 2, already: true });
    const later = await t.services.privacy.deleteMember({ ...member, askedAt });
    expect(later.ok && later.value).toMatchObject({ logs: 2, already: true });
  });
});
