import { describe, expect, it } from 'vitest';
import { reminderFires, reminders as remindersTable } from '../../src/db/schema.js';
import { memberErrorText } from '../../src/discord/render/member-errors.js';
import { useServiceTestbed } from '../support/service-testbed.js';
import type { RecordingReminderSender } from '../support/reminder-sender.js';
import { startReminderProcess } from '../support/reminder-process.js';

const guildId = '100000000000000001';
const alice = { guildId, userId: '200000000000000001' };
const dmChannelId = '500000000000000001';
const minutes = (n: number) => n * 60_000;

const t = useServiceTestbed('2026-11-28T20:00:00Z');

/** A bot process's reminder side, with its own sender and lease holder name. */
const process = (holder: string, sender?: RecordingReminderSender) =>
  startReminderProcess(t, { holder, ...(sender ? { sender } : {}) });

const addDaily = async (when = 'daily 20:30', extra: { onlyIfNotLogged?: boolean } = {}) => {
  const result = await t.services.reminders.addPersonal({
    ...alice,
    when,
    message: 'Static back time',
    onlyIfNotLogged: extra.onlyIfNotLogged ?? false,
    dmChannelId,
  });
  if (!result.ok) throw new Error(memberErrorText(result.error));
  return result.value;
};

const fires = () => t.database.db.select().from(reminderFires);

describe('adding reminders', () => {
  it('shows the schedule in words with the next three times in the member’s zone', async () => {
    await t.services.timeZones.setMemberTimeZone({ ...alice, timeZone: 'Europe/Berlin' });
    const { schedule, reminder } = await addDaily('weekdays 07:30');
    expect(schedule.words).toBe('on weekdays at 07:30');
    expect(schedule.timeZone).toBe('Europe/Berlin');
    expect(schedule.next.map((d) => d.toISOString())).toEqual([
      '2026-11-30T06:30:00.000Z',
      '2026-12-01T06:30:00.000Z',
      '2026-12-02T06:30:00.000Z',
    ]);
    expect(reminder.nextFireAt).toEqual(schedule.next[0]);
  });

  it.each([
    ['whenever', 'schedule.unreadable'],
    ['* * * * *', 'schedule.too_often'],
    ['every 5 minutes', 'schedule.bad_interval'],
    ['61 * * * *', 'schedule.out_of_range'],
  ])('refuses %j with %s and saves nothing', async (when, code) => {
    const result = await t.services.reminders.addPersonal({
      ...alice,
      when,
      message: 'x',
      onlyIfNotLogged: false,
      dmChannelId,
    });
    expect(result.ok ? 'saved' : result.error.code).toBe(code);
    expect(await t.database.db.select().from(remindersTable)).toEqual([]);
  });

  it('caps reminders per member', async () => {
    for (let i = 0; i < 10; i++) await addDaily(`daily 1${i % 10}:00`);
    const result = await t.services.reminders.addPersonal({
      ...alice,
      when: 'daily 09:00',
      message: 'x',
      onlyIfNotLogged: false,
      dmChannelId,
    });
    expect(result.ok ? 'saved' : result.error.code).toBe('reminder.too_many');
  });
});

describe('firing reminders', () => {
  it('sends each fire once, with a nonce from reminder and instant, and moves to the next day', async () => {
    const { reminder } = await addDaily();
    const bot = process('bot-1');
    await bot.tick();
    expect(bot.sender.sent).toEqual([]);
    t.clock.advanceBy(minutes(30));
    await bot.tick();
    await bot.tick();
    expect(bot.sender.sent).toHaveLength(1);
    expect(bot.sender.sent[0]!.nonce.length).toBeLessThanOrEqual(25);
    const [row] = await t.database.db.select().from(remindersTable);
    expect(row!.nextFireAt.toISOString()).toBe('2026-11-29T20:30:00.000Z');
    expect(await fires()).toEqual([expect.objectContaining({ reminderId: reminder.id, outcome: 'sent' })]);
  });

  it('stays quiet on a day the member already logged, when asked to', async () => {
    await addDaily('daily 20:30', { onlyIfNotLogged: true });
    await t.services.exerciseLog.logExercise({ ...alice, exercise: 'pushups', amount: '20' });
    const bot = process('bot-1');
    t.clock.advanceBy(minutes(30));
    await bot.tick();
    expect(bot.sender.sent).toEqual([]);
    expect((await fires())[0]?.outcome).toBe('skipped');
    t.clock.advanceBy(minutes(24 * 60));
    await bot.tick();
    expect(bot.sender.sent).toHaveLength(1);
  });

  it('is sent once when two processes tick together', async () => {
    for (let i = 0; i < 20; i++) {
      await t.services.reminders.addPersonal({
        guildId,
        userId: `2100000000000000${String(i).padStart(2, '0')}`,
        when: 'daily 20:30',
        message: 'Stretch',
        onlyIfNotLogged: false,
        dmChannelId,
      });
    }
    const one = process('bot-1');
    const two = process('bot-2');
    t.clock.advanceBy(minutes(30));
    await Promise.all([one.tick(), two.tick(), one.tick(), two.tick()]);
    expect(one.sender.sent.length + two.sender.sent.length).toBe(20);
    expect(new Set([...one.sender.sent, ...two.sender.sent].map((s) => s.nonce)).size).toBe(20);
  });

  it('resends a fire whose claimer died before sending, with the same nonce, once', async () => {
    await addDaily();
    const crashed = process('bot-1');
    crashed.sender.behaviour = 'fault';
    t.clock.advanceBy(minutes(30));
    await crashed.tick();
    expect((await fires())[0]?.outcome).toBeNull();

    const next = process('bot-2');
    t.clock.advanceBy(30_000);
    await next.tick();
    expect(next.sender.sent).toEqual([]);
    t.clock.advanceBy(31_000);
    await next.tick();
    await next.tick();
    expect(next.sender.sent).toHaveLength(1);
    expect(next.sender.sent[0]!.nonce).toBe(crashed.sender.attempts[0]);
    expect((await fires())[0]?.outcome).toBe('sent');
  });

  it('sends a fire missed while the bot was down once, late, if still recent; never a burst', async () => {
    await addDaily('every 2 hours');
    const bot = process('bot-1');
    t.clock.set('2026-11-29T02:05:00Z');
    await bot.tick();
    await bot.tick();
    expect(bot.sender.sent).toHaveLength(1);
    const [row] = await t.database.db.select().from(remindersTable);
    expect(row!.nextFireAt.toISOString()).toBe('2026-11-29T04:00:00.000Z');
  });

  it('skips a fire missed long ago', async () => {
    await addDaily();
    const bot = process('bot-1');
    t.clock.set('2026-11-28T23:00:00Z');
    await bot.tick();
    expect(bot.sender.sent).toEqual([]);
    expect((await fires())[0]?.outcome).toBe('missed');
  });

  it('switches a reminder off after repeated refusals and tells its owner once', async () => {
    const { reminder } = await addDaily();
    const bot = process('bot-1');
    // Refused for good, though not for closed DMs (a notice by DM would be refused too).
    bot.sender.behaviour = 'refused';
    for (let day = 0; day < 4; day++) {
      t.clock.set(new Date(Date.parse('2026-11-28T20:31:00Z') + day * minutes(24 * 60)));
      await bot.tick();
    }
    expect(bot.sender.attempts).toHaveLength(3);
    expect(bot.sender.disabledNotices).toEqual([reminder.id]);
    const [row] = await t.database.db.select().from(remindersTable);
    expect(row).toMatchObject({ enabled: false, disabledReason: 'I could not send you a DM' });
  });
});
