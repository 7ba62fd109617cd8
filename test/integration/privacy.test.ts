import { eq, getTableName } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema.js';
import { boardWeeks, holdSessions, reminderFires, reminders, servers } from '../../src/db/schema.js';
import { createPrivacyRepository, formerMemberId } from '../../src/services/privacy.repository.js';
import { removedServerGraceDays } from '../../src/services/privacy.js';
import { useServiceTestbed } from '../support/service-testbed.js';

const alice = '200000000000000001';
const bob = '200000000000000002';
const days = (n: number) => n * 86_400_000;

const t = useServiceTestbed('2026-11-28T18:00:00Z');

const tables = (Object.values(schema) as unknown[]).filter(
  (value): value is PgTable => value instanceof PgTable,
);

/** Every row of every table that belongs to the server, directly or through its holds and reminders. */
async function rowsOf(guildId: string): Promise<Record<string, unknown[]>> {
  const { db } = t.database;
  const sessions = (await db.select().from(holdSessions).where(eq(holdSessions.guildId, guildId))).map(
    (s) => s.id,
  );
  const owned = (await db.select().from(reminders).where(eq(reminders.guildId, guildId))).map((r) => r.id);
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = (await db.select().from(table)) as Record<string, unknown>[];
    const found = rows.filter(
      (row) =>
        row.guildId === guildId ||
        sessions.includes(row.sessionId as number) ||
        owned.includes(row.reminderId as number),
    );
    if (found.length > 0) result[getTableName(table)] = found;
  }
  return result;
}

/** A server with something in every table: settings, logs and roll-ups, a hold, reminders and a fire. */
async function fillServer(guildId: string) {
  const { services } = t;
  await services.privacy.serversPresent([guildId]);
  await services.timeZones.setMemberTimeZone({ guildId, userId: alice, timeZone: 'Europe/Paris' });
  await services.exerciseLog.logExercise({ guildId, userId: alice, exercise: 'pushups', amount: '30' });
  await services.exerciseLog.logExercise({ guildId, userId: bob, exercise: 'squats', amount: '20' });
  const hold = await services.holds.startHold({
    guildId,
    originChannelId: `${guildId}9`,
    userId: alice,
    routine: 'static-back',
  });
  if (!hold.ok) throw new Error(hold.error.code);
  await services.holds.joinHold({ sessionId: hold.value.session.id, guildId, userId: bob });
  const personal = await services.reminders.addPersonal({
    guildId,
    userId: alice,
    when: 'daily 20:30',
    message: 'Floor time',
    onlyIfNotLogged: false,
    dmChannelId: `${guildId}8`,
  });
  if (!personal.ok) throw new Error(personal.error.code);
  const schedule = await services.reminders.addServerSchedule({
    guildId,
    userId: alice,
    channelId: `${guildId}7`,
    when: 'daily 20:00',
    message: 'Evening stretch',
  });
  if (!schedule.ok) throw new Error(schedule.error.code);
  await t.database.db.insert(reminderFires).values(
    [personal.value.reminder, schedule.value.reminder].map((reminder) => ({
      reminderId: reminder.id,
      fireAt: reminder.nextFireAt,
      claimedAt: t.clock.now(),
      claimedBy: 'test',
      outcome: 'sent' as const,
    })),
  );
  await t.database.db.insert(boardWeeks).values({
    guildId,
    weekStart: '2026-11-23',
    reminderId: schedule.value.reminder.id,
    fireAt: schedule.value.reminder.nextFireAt,
    claimedAt: t.clock.now(),
  });
  await services.holds.settled();
}

describe('purging removed servers', () => {
  it(`keeps a removed server's data for ${removedServerGraceDays} days, forgets the removal on re-add, then deletes it all`, async () => {
    const [removed, readded, untouched] = ['100000000000000001', '100000000000000002', '100000000000000003'];
    for (const guildId of [removed, readded, untouched]) await fillServer(guildId);
    const before = await Promise.all([removed, readded, untouched].map(rowsOf));
    expect(Object.keys(before[0]!).sort()).toEqual(
      tables
        .map(getTableName)
        // Leases and gateway logins belong to the bot's processes, not to any server.
        .filter((name) => name !== 'leases' && name !== 'gateway_logins')
        .sort(),
    );

    await t.services.privacy.serverRemoved(removed);
    await t.services.privacy.serverRemoved(readded);
    t.clock.advanceBy(days(removedServerGraceDays) - 60_000);
    expect(await t.services.privacy.purgeRemovedServers()).toEqual([]);
    expect(await rowsOf(removed)).toEqual({
      ...before[0],
      servers: [expect.objectContaining({ guildId: removed, removedAt: expect.any(Date) })],
    });

    await t.services.privacy.serversPresent([readded]);
    t.clock.advanceBy(120_000);
    expect(await t.services.privacy.purgeRemovedServers()).toEqual([removed]);

    expect(await rowsOf(removed)).toEqual({});
    expect(await rowsOf(readded)).toEqual(before[1]);
    expect(await rowsOf(untouched)).toEqual(before[2]);
    expect(await t.services.privacy.purgeRemovedServers()).toEqual([]);
  });

  it('calls off the purge of a server added back after it was listed as due', async () => {
    const guildId = '100000000000000001';
    await fillServer(guildId);
    await t.services.privacy.serverRemoved(guildId);
    t.clock.advanceBy(days(removedServerGraceDays + 1));
    await t.services.privacy.serversPresent([guildId]);
    const repository = createPrivacyRepository({ db: t.database.db });
    expect(await repository.purgeServer(guildId, t.clock.now())).toBe(false);
    const [server] = await t.database.db.select().from(servers).where(eq(servers.guildId, guildId));
    expect(server?.removedAt).toBeNull();
  });
});

describe('deleting a member', () => {
  it('keeps the shared hold and server schedule they made, with their name taken off', async () => {
    const guildId = '100000000000000001';
    await fillServer(guildId);

    const result = await t.services.privacy.deleteMember({ guildId, userId: alice, askedAt: t.clock.now() });

    expect(result).toEqual({
      ok: true,
      value: { logs: 1, holds: 1, reminders: 1, settings: 1, already: false },
    });
    const [hold] = await t.database.db.select().from(holdSessions);
    expect(hold?.startedBy).toBe(formerMemberId);
    const left = await t.database.db.select().from(reminders);
    expect(left.map((r) => [r.kind, r.ownerId, r.message])).toEqual([
      ['server', formerMemberId, 'Evening stretch'],
    ]);
    const everything = JSON.stringify(await rowsOf(guildId));
    expect(everything).not.toContain(alice);
    expect(everything).toContain(bob);
  });

  it('refuses a confirmation from the future or older than five minutes', async () => {
    const guildId = '100000000000000001';
    await fillServer(guildId);
    const ask = (askedAt: Date) => t.services.privacy.deleteMember({ guildId, userId: alice, askedAt });
    const now = t.clock.now().getTime();
    expect(await ask(new Date(now - 5 * 60_000 - 1))).toMatchObject({ ok: false });
    expect(await ask(new Date(now + 1_000))).toMatchObject({ ok: false });
    expect(JSON.stringify(await rowsOf(guildId))).toContain(alice);
  });
});

describe('hiding from the boards', () => {
  it('hides and shows, saying so when there is nothing to change, and keeps the first hiding date', async () => {
    const member = { guildId: '100000000000000001', userId: alice };
    expect(await t.services.privacy.show(member)).toMatchObject({ ok: false });
    const hidden = await t.services.privacy.hide(member);
    expect(hidden).toEqual({ ok: true, value: { since: t.clock.now() } });
    t.clock.advanceBy(60_000);
    expect(await t.services.privacy.hide(member)).toMatchObject({
      ok: false,
      error: { code: 'privacy.already_hidden' },
    });
    await t.services.exerciseLog.logExercise({ ...member, exercise: 'pushups', amount: '30' });
    const board = await t.services.leaderboards.board({ guildId: member.guildId, period: 'week' });
    expect(board.ok && board.value.size).toBe(0);
    expect(await t.services.privacy.show(member)).toEqual({ ok: true, value: null });
    const again = await t.services.leaderboards.board({ guildId: member.guildId, period: 'week' });
    expect(again.ok && again.value.standings.map((s) => s.entry.userId)).toEqual([alice]);
  });
});
