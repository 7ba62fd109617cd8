import { describe, expect, it } from 'vitest';
import { activityDays, activityMonths, activityWeeks, exerciseLogs } from '../../src/db/schema.js';
import { useServiceTestbed } from '../support/service-testbed.js';

const guildId = '100000000000000001';
const members = ['200000000000000001', '200000000000000002', '200000000000000003'];
// Across a week's end (Sunday 29 November) and a month's (Tuesday 1 December).
const days = ['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01'];

const t = useServiceTestbed('2026-12-01T20:00:00Z');

async function rollups() {
  const { db } = t.database;
  const sorted = <T>(rows: T[]) => rows.map((row) => JSON.stringify(row)).sort();
  return {
    days: sorted(await db.select().from(activityDays)),
    weeks: sorted(await db.select().from(activityWeeks)),
    months: sorted(await db.select().from(activityMonths)),
  };
}

describe('roll-ups of several members at once', () => {
  it('come out exactly as refreshing each member does', async () => {
    const { logs } = t.repositories;
    for (const [m, userId] of members.entries()) {
      for (const [d, localDay] of days.entries()) {
        if ((m + d) % 3 === 2) continue;
        for (const [exercise, amount] of [
          ['pushups', 50 + 40 * m],
          ['static-back', 1200],
        ] as const) {
          await t.database.db.insert(exerciseLogs).values({
            guildId,
            userId,
            exercise,
            amount,
            localDay,
            loggedAt: new Date(`${localDay}T12:00:00Z`),
            source: 'hold',
            note: null,
            holdSessionId: null,
          });
        }
      }
    }

    await logs.refreshRollupsOfMembers(guildId, members, days);
    const together = await rollups();
    expect(together.days.length).toBeGreaterThan(6);
    expect(together.weeks.length).toBe(6);
    expect(together.months.length).toBe(5);

    await t.database.db.delete(activityDays);
    await t.database.db.delete(activityWeeks);
    await t.database.db.delete(activityMonths);
    for (const userId of members) await logs.refreshRollups({ guildId, userId }, days);
    expect(await rollups()).toEqual(together);
  });
});
