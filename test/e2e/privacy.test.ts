import { eq, getTableName } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it, vi } from 'vitest';
import * as schema from '../../src/db/schema.js';
import { holdSessions, members, reminders, servers } from '../../src/db/schema.js';
import { removedServerGraceDays } from '../../src/services/privacy.js';
import type { SandboxGuild, SandboxMessage, SandboxUser } from '@align/discord-sandbox';
import { createTestClock } from '../support/clock.js';
import { messageText, startHarness, stopHarnessAfterEach, type Harness } from '../support/align-harness.js';

let h: Harness;

stopHarnessAfterEach(() => h);

const tables = (Object.values(schema) as unknown[]).filter(
  (value): value is PgTable => value instanceof PgTable,
);
type Row = Record<string, unknown>;
/** Every row of every table in src/db/schema.ts, by table name, in a stable order. */
async function everything(): Promise<Record<string, Row[]>> {
  const all: Record<string, Row[]> = {};
  for (const table of tables) {
    const rows = (await h.database.db.select().from(table)) as Row[];
    all[getTableName(table)] = rows
      .map((row) => JSON.parse(JSON.stringify(row)) as Row)
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return all;
}

const trickyNote = 'sore, "but" fine\nsecond line';

const ask = (guild: SandboxGuild, line: string, user: SandboxUser) =>
  h.sandbox.runCommandLine(line, { guild, user }).reply();

/**
 * Alice, Bob and Carol in Back Room, and Alice and Bob in a second server, each with logs, a shared hold,
 * reminders (with a fire) and settings: the rows that must and must not leave with Alice's.
 */
async function seed() {
  const { admin, alice, bob, carol } = h.members;
  const otherRoom = h.sandbox.createGuild({ name: 'Other Room', owner: admin, members: [alice, bob] });
  await vi.waitFor(() => expect(h.align.client.guilds.cache.has(otherRoom.id)).toBe(true));

  await h.run('/timezone zone:Europe/Paris', alice);
  await h.sandbox
    .runCommand({
      guild: h.guild,
      user: alice,
      name: 'log',
      options: { exercise: 'pushups', amount: '30', note: trickyNote },
    })
    .reply();
  await h.run('/log squats 20 day:yesterday', alice);
  await h.run('/log pushups 25', bob);
  await h.run('/log situps 10', carol);
  await h.run('/remind add when:"daily 20:30" message:"Floor time"', alice);
  await h.run('/remind add when:"daily 21:00" message:"Bob’s turn"', bob);

  await h.run('/hold start static-back minutes:5', bob);
  const holdChannel = h.sandbox.channels(h.guild).find((c) => c.name.startsWith('hold-'))!;
  const lobby = h.sandbox.messages(holdChannel.id).find((m) => m.embeds.length > 0)!;
  await h.sandbox.clickButton({ message: lobby, label: 'Join', user: alice }).reply();
  h.clock.advanceBy(5 * 60_000);
  await h.align.holdTimer.runDue();
  await h.sandbox.waitForMessage((m) => m.content.includes('Well held'));

  await ask(otherRoom, '/log situps 15', alice);
  await ask(otherRoom, '/remind add when:"daily 07:00" message:"Other server"', alice);
  await ask(otherRoom, '/log situps 12', bob);

  // 20:30 in Paris: Alice's reminder fires and leaves its fire row.
  h.clock.set('2026-11-28T19:31:00Z');
  await h.tickReminders();
  expect(h.sandbox.messagesFor(alice).map((m) => m.content)).toContainEqual(
    expect.stringContaining('⏰ Floor time'),
  );
  return { otherRoom };
}

/** Alice's rows in Back Room: what /privacy export must hold and /privacy delete must remove. */
function isAlicesHere(table: string, row: Row, all: Record<string, Row[]>): boolean {
  const alice = h.members.alice.id;
  const here = h.guild.id;
  const sessionsHere = new Set(all.hold_sessions!.filter((s) => s.guildId === here).map((s) => s.id));
  const remindersOfAlice = new Set(
    all.reminders!.filter((r) => r.guildId === here && r.ownerId === alice).map((r) => r.id),
  );
  if (table === 'hold_participants') return row.userId === alice && sessionsHere.has(row.sessionId);
  if (table === 'reminder_fires') return remindersOfAlice.has(row.reminderId);
  return row.guildId === here && (row.userId === alice || row.ownerId === alice || row.startedBy === alice);
}

const attachment = (message: SandboxMessage, suffix: string) => {
  const file = message.attachments.find((a) => a.filename.endsWith(suffix));
  if (!file) throw new Error(`no ${suffix} file on the reply`);
  return file;
};

describe('/privacy export', () => {
  it('sends exactly the member’s rows in this server, as JSON and CSV', async () => {
    h = await startHarness();
    await seed();
    const before = await everything();

    const reply = await h.run('/privacy export', h.members.alice);

    expect(reply.ephemeral).toBe(true);
    expect(messageText(reply)).toMatch(/3 logs, 1 hold you joined and 1 reminder/);
    expect(reply.attachments.map((a) => a.filename)).toEqual([
      'align-data-2026-11-28.json',
      'align-logs-2026-11-28.csv',
    ]);
    const data = JSON.parse(attachment(reply, '.json').data.toString('utf8')) as Record<string, unknown>;
    const mine = (table: string) => before[table]!.filter((row) => isAlicesHere(table, row, before));
    const ids = (rows: unknown) => (rows as Row[]).map((row) => row.id).sort();
    expect(data.serverId).toBe(h.guild.id);
    expect(data.userId).toBe(h.members.alice.id);
    expect(ids(data.exerciseLogs)).toEqual(ids(mine('exercise_logs')));
    expect(ids(data.exerciseLogs)).toHaveLength(3);
    expect(ids(data.reminders)).toEqual(ids(mine('reminders')));
    expect(ids(data.holdParticipation)).toEqual(ids(mine('hold_participants')));
    expect(data.memberSettings).toMatchObject({ timeZone: 'Europe/Paris', streakRun: 2 });
    expect((data.exerciseLogs as Row[]).map((log) => log.note)).toContain(trickyNote);
    expect(data.holdsStarted).toEqual([]);
    // Nobody else's id and no other server's id appears anywhere in it.
    const text = attachment(reply, '.json').data.toString('utf8');
    for (const other of [h.members.bob, h.members.carol]) expect(text).not.toContain(other.id);
    expect(text).not.toContain(h.sandbox.guild('Other Room').id);

    const csv = attachment(reply, '.csv').data.toString('utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('id,day,logged_at,exercise,amount,unit,source,note,hold_session_id');
    expect(csv).toContain(',pushups,30,reps,command,"sore, ""but"" fine\nsecond line",\r\n');
    expect(csv).toMatch(/,static-back,300,seconds,hold,,\d+\r\n/);
    expect(lines).toHaveLength(3 + 2);
  });
});

describe('/privacy delete', () => {
  it('asks first, then removes every row of the member in this server and nothing of anyone else', async () => {
    h = await startHarness();
    const { alice, bob } = h.members;
    await seed();
    const before = await everything();
    const expected = Object.fromEntries(
      Object.entries(before).map(([table, rows]) => [
        table,
        rows.filter((row) => !isAlicesHere(table, row, before)),
      ]),
    );
    for (const table of ['exercise_logs', 'hold_participants', 'reminders', 'reminder_fires', 'members']) {
      expect(before[table]!.length - expected[table]!.length, table).toBeGreaterThan(0);
    }
    for (const table of ['activity_days', 'activity_weeks', 'activity_months']) {
      expect(before[table]!.length - expected[table]!.length, table).toBeGreaterThan(0);
    }

    const ask = await h.run('/privacy delete', alice);
    expect(ask.ephemeral).toBe(true);
    expect(messageText(ask)).toMatch(/Delete everything I keep about you in this server\?/);
    expect(await everything()).toEqual(before);

    const byBob = await h.sandbox.clickButton({ message: ask, label: 'Delete my data', user: bob }).reply();
    expect(byBob.ephemeral).toBe(true);
    expect(messageText(byBob)).toMatch(/belong to the member who asked/);
    expect(await everything()).toEqual(before);

    const done = await h.sandbox.clickButton({ message: ask, label: 'Delete my data', user: alice }).reply();
    expect(messageText(done)).toMatch(/Done\. I deleted 3 logs, 1 hold record, 1 reminder and your settings/);
    expect(done.components).toEqual([]);

    const after = await everything();
    expect(after).toEqual(expected);
    for (const [table, rows] of Object.entries(after)) {
      const stillHere = rows.filter((row) => isAlicesHere(table, row, after));
      expect(stillHere, table).toEqual([]);
    }
    const board = messageText(await h.run('/leaderboard period:all', bob));
    expect(board).toContain('Bob');
    expect(board).not.toContain('Alice');
    const me = messageText(await h.run('/me', alice));
    expect(me).toMatch(/Current streak: \*\*0\*\*/);
  });

  it('does nothing when cancelled, or when confirmed after the confirmation expired', async () => {
    h = await startHarness();
    const { alice } = h.members;
    await h.run('/log pushups 20', alice);
    const before = await everything();

    const first = await h.run('/privacy delete', alice);
    const cancelled = await h.sandbox.clickButton({ message: first, label: 'Cancel', user: alice }).reply();
    expect(messageText(cancelled)).toMatch(/Cancelled\. Nothing was deleted/);
    expect(cancelled.components).toEqual([]);

    const second = await h.run('/privacy delete', alice);
    h.clock.advanceBy(6 * 60_000);
    const late = await h.sandbox
      .clickButton({ message: second, label: 'Delete my data', user: alice })
      .reply();
    expect(messageText(late)).toMatch(/expired, so nothing was deleted/);
    expect(await everything()).toEqual(before);
  });
});

describe('/privacy hide and show', () => {
  it('keeps a hidden member logging but off every board and the weekly post, and back when shown', async () => {
    // Saturday 28 November 2026.
    h = await startHarness({ clock: createTestClock('2026-11-28T18:00:00Z') });
    const { admin, alice, bob, carol } = h.members;
    await h.run('/setup leaderboard channel:general', admin);
    for (const member of [alice, bob, carol]) await h.run('/log pushups 30', member);

    const hidden = await h.run('/privacy hide', carol);
    expect(hidden.ephemeral).toBe(true);
    expect(messageText(hidden)).toMatch(/off the leaderboards/);
    expect(messageText(await h.run('/privacy hide', carol))).toMatch(/already off/);
    const logged = await h.run('/log pushups 15', carol);
    expect(messageText(logged)).toMatch(/logged 15 push-ups/);

    const boards = [
      '/leaderboard',
      '/leaderboard period:month',
      '/leaderboard period:all',
      '/leaderboard exercise:pushups',
      '/leaderboard period:all exercise:pushups',
    ];
    for (const line of boards) {
      const text = messageText(await h.run(line, bob));
      expect(text, line).toContain('Alice');
      expect(text, line).not.toContain('Carol');
    }
    const peek = await h.run('/me member:carol', bob);
    expect(peek.ephemeral).toBe(true);
    expect(messageText(peek)).toMatch(/keeps their progress private/);
    expect(messageText(await h.run('/me', carol))).toMatch(/Push-ups/);
    expect(messageText(await h.run('/me member:alice', bob))).toMatch(/Push-ups/);
    h.clock.set('2026-11-30T09:00:10Z');
    await h.tickReminders();
    const weekly = (title: string) => {
      const post = h.sandbox.messages().find((m) => m.embeds[0]?.title?.includes(title));
      if (!post) throw new Error(`no weekly post "${title}"`);
      return messageText(post);
    };
    expect(weekly('The week of 2026-11-23')).toContain('Alice');
    expect(weekly('The week of 2026-11-23')).not.toContain('Carol');

    const shown = await h.run('/privacy show', carol);
    expect(messageText(shown)).toMatch(/back on the leaderboards/);
    expect(messageText(await h.run('/me member:carol', bob))).toMatch(/Push-ups/);
    for (const line of boards.filter((board) => board.includes('period:all'))) {
      expect(messageText(await h.run(line, bob)), line).toContain('Carol');
    }
    await h.run('/log pushups 40', carol);
    h.clock.set('2026-12-07T09:00:10Z');
    await h.tickReminders();
    expect(weekly('The week of 2026-11-30')).toContain('Carol');
  });
});

describe('when the bot is removed from a server', () => {
  const removedAt = async (guildId: string) =>
    (await h.database.db.select().from(servers).where(eq(servers.guildId, guildId)))[0]?.removedAt ?? null;

  it('records the removal but not an outage, and forgets it when the bot is added back, even while down', async () => {
    h = await startHarness();
    const outage = h.sandbox.guildOutage(h.guild);
    await vi.waitFor(() => expect(h.align.client.guilds.cache.get(h.guild.id)?.available).toBe(false));
    outage.back();
    await vi.waitFor(() => expect(h.align.client.guilds.cache.get(h.guild.id)?.available).toBe(true));
    expect(await removedAt(h.guild.id)).toBeNull();

    h.sandbox.removeBot(h.guild);
    await vi.waitFor(async () => expect(await removedAt(h.guild.id)).toEqual(h.clock.now()));
    h.sandbox.addBotBack(h.guild);
    await vi.waitFor(async () => expect(await removedAt(h.guild.id)).toBeNull());

    h.sandbox.removeBot(h.guild);
    await vi.waitFor(async () => expect(await removedAt(h.guild.id)).not.toBeNull());
    await h.align.stop();
    h.sandbox.addBotBack(h.guild);
    await h.restart();
    expect(await removedAt(h.guild.id)).toBeNull();
  });

  it(`deletes all of the server's data ${removedServerGraceDays} days later, and nothing of other servers`, async () => {
    h = await startHarness();
    const { otherRoom } = await seed();
    await h.run('/privacy hide', h.members.carol);
    const othersBefore = await everything();
    h.sandbox.removeBot(h.guild);
    await vi.waitFor(async () => expect(await removedAt(h.guild.id)).not.toBeNull());

    h.clock.advanceBy((removedServerGraceDays - 1) * 86_400_000);
    await h.align.serverPurge.run();
    expect(await everything()).toMatchObject({ exercise_logs: othersBefore.exercise_logs });

    h.clock.advanceBy(86_400_000 + 60_000);
    await h.align.serverPurge.run();
    const after = await everything();
    const backRoomIds = new Set([
      ...othersBefore.hold_sessions!.filter((s) => s.guildId === h.guild.id).map((s) => s.id),
      ...othersBefore.reminders!.filter((r) => r.guildId === h.guild.id).map((r) => r.id),
    ]);
    for (const [table, rows] of Object.entries(after)) {
      const left = rows.filter(
        (row) =>
          row.guildId === h.guild.id || backRoomIds.has(row.sessionId) || backRoomIds.has(row.reminderId),
      );
      expect(left, table).toEqual([]);
    }
    const otherRows = (table: string, all: Record<string, Row[]>) =>
      all[table]!.filter((row) => row.guildId === otherRoom.id);
    for (const table of ['exercise_logs', 'members', 'reminders', 'activity_days', 'servers']) {
      expect(otherRows(table, after), table).toEqual(otherRows(table, othersBefore));
      expect(otherRows(table, after).length, table).toBeGreaterThan(0);
    }
    expect(after.reminder_fires).toEqual([]);
    expect(await h.database.db.select().from(holdSessions)).toEqual([]);
    expect(await h.database.db.select().from(members).where(eq(members.guildId, h.guild.id))).toEqual([]);
    expect(
      await h.database.db.select().from(reminders).where(eq(reminders.guildId, otherRoom.id)),
    ).toHaveLength(1);
  });
});
