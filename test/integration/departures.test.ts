import { describe, expect, it } from 'vitest';
import { members, reminderFires, reminders as remindersTable } from '../../src/db/schema.js';
import { memberErrorText } from '../../src/discord/render/member-errors.js';
import { departedReason } from '../../src/services/departures.js';
import { stoppedReason } from '../../src/services/reminders.js';
import { useServiceTestbed } from '../support/service-testbed.js';
import { startReminderProcess } from '../support/reminder-process.js';

const guildId = '100000000000000001';
const otherGuildId = '100000000000000002';
const ann = '200000000000000001';
const ben = '200000000000000002';
const dmChannelId = '500000000000000001';
const boardChannelId = '500000000000000002';
const minutes = (n: number) => n * 60_000;
const days = (n: number) => n * minutes(24 * 60);

// Saturday evening; daily reminders are due at 20:30 UTC.
const t = useServiceTestbed('2026-11-28T20:00:00Z');

const bot = () => startReminderProcess(t, { holder: 'bot-1' });

async function addPersonal(userId: string, where = guildId, when = 'daily 20:30') {
  const result = await t.services.reminders.addPersonal({
    guildId: where,
    userId,
    when,
    message: 'Static back time',
    onlyIfNotLogged: false,
    dmChannelId,
  });
  if (!result.ok) throw new Error(memberErrorText(result.error));
  return result.value.reminder;
}

async function log(userId: string) {
  const result = await t.services.exerciseLog.logExercise({
    guildId,
    userId,
    exercise: 'squats',
    amount: '10',
  });
  if (!result.ok) throw new Error(result.error.code);
}

const boardIds = async () => {
  const board = await t.services.leaderboards.board({ guildId, period: 'week' });
  return board.ok ? board.value.standings.map((s) => s.entry.userId) : [];
};

const reminderRows = () => t.database.db.select().from(remindersTable).orderBy(remindersTable.id);

describe('members who leave', () => {
  it('a DM refused because the member left: one attempt, their reminders here stop, boards leave them out', async () => {
    await log(ann);
    await log(ben);
    await addPersonal(ben);
    await addPersonal(ben, guildId, 'daily 21:00');
    const elsewhere = await addPersonal(ben, otherGuildId, 'daily 07:00');
    const b = bot();
    b.sender.behaviour = 'member-left';

    // Ticks every minute through the whole late grace: a refusal is final for its fire.
    t.clock.set('2026-11-28T20:30:00Z');
    for (let minute = 0; minute < 12; minute++) {
      await b.tick();
      t.clock.advanceBy(minutes(1));
    }

    expect(b.sender.attempts).toHaveLength(1);
    const rows = await reminderRows();
    expect(rows.filter((r) => r.guildId === guildId).map((r) => [r.enabled, r.disabledReason])).toEqual([
      [false, departedReason],
      [false, departedReason],
    ]);
    // Another server they are still in is not concerned.
    expect(rows.find((r) => r.id === elsewhere.id)).toMatchObject({ enabled: true, failures: 0 });
    expect(b.sender.disabledNotices).toEqual([]);
    expect((await t.database.db.select().from(reminderFires)).map((f) => f.outcome)).toEqual(['failed']);
    expect(await boardIds()).toEqual([ann]);

    // The next day only the other server's reminder is sent.
    b.sender.behaviour = 'deliver';
    t.clock.set('2026-11-29T07:00:00Z');
    await b.tick();
    t.clock.set('2026-11-29T21:00:00Z');
    await b.tick();
    expect(b.sender.sent.map((s) => s.reminderId)).toEqual([elsewhere.id]);
  });

  it('a member who logs again is back on the boards; their switched-off reminders stay off', async () => {
    await log(ben);
    await addPersonal(ben);
    await t.services.departures.membersLeft(guildId, [ben]);
    expect(await boardIds()).toEqual([]);

    await log(ben);
    expect(await boardIds()).toEqual([ben]);
    const [member] = await t.database.db.select().from(members);
    expect(member!.leftAt).toBeNull();
    expect((await reminderRows())[0]).toMatchObject({ enabled: false, disabledReason: departedReason });
  });

  it('adding a reminder counts as being back', async () => {
    await log(ben);
    await t.services.departures.membersLeft(guildId, [ben]);
    await addPersonal(ben);
    expect(await boardIds()).toEqual([ben]);
  });
});

describe('scheduled posts Discord refuses', () => {
  async function weeklyBoard() {
    const result = await t.services.reminders.setWeeklyBoard({
      guildId,
      userId: ann,
      channelId: boardChannelId,
      day: 1,
      time: '09:00',
    });
    if (!result.ok) throw new Error(result.error.code);
    return result.value.reminder;
  }

  it('a refused weekly board is tried once a week, switched off after three, and its owner told once', async () => {
    const board = await weeklyBoard();
    const b = bot();
    b.sender.behaviour = 'not-allowed';
    for (let week = 0; week < 4; week++) {
      t.clock.set(new Date(Date.parse('2026-11-30T09:00:00Z') + days(7 * week)));
      // Several ticks, hours apart, within the board's six-day grace: still one attempt each week.
      for (let tick = 0; tick < 3; tick++) {
        await b.tick();
        t.clock.advanceBy(minutes(90));
      }
    }
    expect(b.sender.attempts).toHaveLength(3);
    expect(b.sender.disabledNotices).toEqual([board.id]);
    expect((await reminderRows())[0]).toMatchObject({
      enabled: false,
      disabledReason: 'I’m not allowed to post in its channel',
    });
  });

  it.each([
    ['channel-gone', 'its channel no longer exists'],
    ['blocked', 'the server’s AutoMod blocked the post'],
    ['refused', 'I could not post in the channel'],
  ] as const)('says why a %s schedule stopped', async (refusal, reason) => {
    const added = await t.services.reminders.addServerSchedule({
      guildId,
      userId: ann,
      channelId: boardChannelId,
      when: 'daily 20:30',
      message: 'Evening stretch',
    });
    if (!added.ok) throw new Error(added.error.code);
    const b = bot();
    b.sender.behaviour = refusal;
    for (let day = 0; day < 3; day++) {
      t.clock.set(new Date(Date.parse('2026-11-28T20:31:00Z') + days(day)));
      await b.tick();
    }
    expect((await reminderRows())[0]).toMatchObject({ enabled: false, disabledReason: reason });
    expect(b.sender.disabledNotices).toEqual([added.value.reminder.id]);
  });

  it('a server the bot was removed from gets no attempts until the bot is back', async () => {
    await weeklyBoard();
    await addPersonal(ben);
    const b = bot();
    await t.services.privacy.serverRemoved(guildId);
    t.clock.set('2026-11-30T09:00:00Z');
    await b.tick();
    t.clock.set('2026-11-30T20:30:00Z');
    await b.tick();
    expect(b.sender.attempts).toEqual([]);

    await t.services.privacy.serversPresent([guildId]);
    t.clock.set('2026-12-01T20:30:00Z');
    await b.tick();
    // The week's board, late but within its grace, and the evening's reminder.
    expect(b.sender.sent).toHaveLength(2);
  });

  it('a fire claimed just before the removal is not sent again after it', async () => {
    await addPersonal(ben);
    const b = bot();
    b.sender.behaviour = 'fault';
    t.clock.set('2026-11-28T20:30:00Z');
    await b.tick();
    await t.services.privacy.serverRemoved(guildId);
    b.sender.behaviour = 'deliver';
    t.clock.advanceBy(minutes(2));
    await b.tick();
    expect(b.sender.attempts).toHaveLength(1);
    // Not even claimed again: the fire is left as it was until the bot is back.
    const [fire] = await t.database.db.select().from(reminderFires);
    expect(fire!.claimedAt.toISOString()).toBe('2026-11-28T20:30:00.000Z');
  });
});

describe('the Stop button on a reminder’s DM', () => {
  it('switches the presser’s own reminder off, once', async () => {
    const reminder = await addPersonal(ben);
    const stopped = await t.services.reminders.stopPersonal({ reminderId: reminder.id, userId: ben });
    expect(stopped.ok && stopped.value.wasOn).toBe(true);
    const again = await t.services.reminders.stopPersonal({ reminderId: reminder.id, userId: ben });
    expect(again.ok && again.value.wasOn).toBe(false);
    expect((await reminderRows())[0]).toMatchObject({ enabled: false, disabledReason: stoppedReason });
  });

  it('refuses someone else’s reminder and one that is gone', async () => {
    const reminder = await addPersonal(ben);
    const notYours = await t.services.reminders.stopPersonal({ reminderId: reminder.id, userId: ann });
    expect(notYours.ok ? 'stopped' : notYours.error.code).toBe('reminder.not_yours');
    expect((await reminderRows())[0]!.enabled).toBe(true);
    await t.services.reminders.removePersonal({ guildId, userId: ben, number: reminder.number });
    const gone = await t.services.reminders.stopPersonal({ reminderId: reminder.id, userId: ben });
    expect(gone.ok ? 'stopped' : gone.error.code).toBe('reminder.gone');
  });
});
