import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { reminders as remindersTable } from '../../src/db/schema.js';
import { memberErrorText } from '../../src/discord/render/member-errors.js';
import { stuckReason } from '../../src/services/reminders.repository.js';
import { startReminderProcess } from '../support/reminder-process.js';
import { useServiceTestbed } from '../support/service-testbed.js';

const guildId = '100000000000000001';
const alice = { guildId, userId: '200000000000000001' };
const dmChannelId = '500000000000000001';
const channelId = '600000000000000001';

const t = useServiceTestbed('2026-12-02T06:41:30Z');

function bot() {
  const { sender, tick } = startReminderProcess(t, { holder: 'bot-1' });
  return {
    sender,
    async tickAt(at: string) {
      t.clock.set(at);
      await tick();
    },
  };
}

const addPersonal = async (when: string) => {
  const result = await t.services.reminders.addPersonal({
    ...alice,
    when,
    message: 'Stretch',
    onlyIfNotLogged: false,
    dmChannelId,
  });
  if (!result.ok) throw new Error(memberErrorText(result.error));
  return result.value;
};
const addServer = async (when: string) => {
  const result = await t.services.reminders.addServerSchedule({ ...alice, channelId, when, message: 'Hold' });
  if (!result.ok) throw new Error(memberErrorText(result.error));
  return result.value;
};
const setServerZone = async (timeZone: string) => {
  await t.services.timeZones.setServerTimeZone({ guildId, timeZone });
  await t.services.reminders.followServerTimeZone(guildId);
};
const refusal = async (when: string, zone = 'UTC') => {
  await t.services.timeZones.setMemberTimeZone({ ...alice, timeZone: zone });
  const result = await t.services.reminders.addPersonal({
    ...alice,
    when,
    message: 'x',
    onlyIfNotLogged: false,
    dmChannelId,
  });
  return result.ok ? 'saved' : memberErrorText(result.error);
};

describe('intervals in elapsed time', () => {
  it('sends `every 45 minutes` 45 minutes apart from when it was set, not at :00 and :45', async () => {
    const { schedule } = await addPersonal('every 45 minutes');
    expect(schedule.words).toBe('every 45 minutes around the clock, counted from 06:41 on 2 December');
    expect(schedule.next.map((d) => d.toISOString())).toEqual([
      '2026-12-02T07:26:00.000Z',
      '2026-12-02T08:11:00.000Z',
      '2026-12-02T08:56:00.000Z',
    ]);
    const b = bot();
    for (const at of [
      '2026-12-02T07:00:30Z',
      '2026-12-02T07:26:10Z',
      '2026-12-02T07:45:00Z',
      '2026-12-02T08:11:10Z',
    ])
      await b.tickAt(at);
    expect(b.sender.sent).toHaveLength(2);
    const [row] = await t.database.db.select().from(remindersTable);
    expect(row!.nextFireAt.toISOString()).toBe('2026-12-02T08:56:00.000Z');
  });

  it('takes `every 50 minutes` and `every 7 hours`, and a window shown as it really fires', async () => {
    await t.services.timeZones.setMemberTimeZone({ ...alice, timeZone: 'Australia/Lord_Howe' });
    expect((await addPersonal('every 50 minutes')).schedule.next[0]!.toISOString()).toBe(
      '2026-12-02T07:31:00.000Z',
    );
    expect((await addPersonal('every 7 hours')).schedule.next[0]!.toISOString()).toBe(
      '2026-12-02T13:41:00.000Z',
    );
    const { schedule } = await addPersonal('every 2 hours from 08:00 to 22:00');
    expect(schedule.words).toBe('every 2 hours from 08:00 to 22:00 (08:00, 10:00, … 22:00)');
    // 06:41Z is 17:41 in Lord Howe (+11:00): next at 18:00, 20:00, 22:00.
    expect(schedule.next.map((d) => d.toISOString())).toEqual([
      '2026-12-02T07:00:00.000Z',
      '2026-12-02T09:00:00.000Z',
      '2026-12-02T11:00:00.000Z',
    ]);
  });
});

describe('refusals that name the real problem', () => {
  it.each([
    ['0 0 31 2 *', 'That schedule never fires: February has no 31st.'],
    ['*/0 * * * *', 'In a cron expression a step (the number after `/`) must be at least 1.'],
    [
      'every 0 minutes',
      'An interval goes from 15 minutes to 24 hours, such as `every 45 minutes` or `every 7 hours`.',
    ],
    [
      '0,50 0-20/2,23 1-31/2 3,4 *',
      'Reminders can fire at most every 15 minutes; this one would fire 10 minutes apart at 00:00 on 1 April 2027.',
    ],
  ])('%j', async (when, text) => {
    expect(await refusal(when)).toBe(text);
  });

  it('refuses a cron that comes 10 minutes apart on Lord Howe’s spring night, and takes the interval', async () => {
    expect(await refusal('*/20 * * * *', 'Australia/Lord_Howe')).toBe(
      'Reminders can fire at most every 15 minutes; this one would fire 10 minutes apart at 02:40 on 3 October 2027.',
    );
    expect(await refusal('every 20 minutes', 'Australia/Lord_Howe')).toBe('saved');
  });
});

describe('the server’s zone set again in the repeated autumn hour', () => {
  it('posts `daily 01:30` once on that local day', async () => {
    t.clock.set('2026-10-24T12:00:00Z');
    await setServerZone('Europe/London');
    await addServer('daily 01:30');
    const b = bot();
    // 01:30 BST, the first of the two 01:30s.
    await b.tickAt('2026-10-25T00:30:05Z');
    expect(b.sender.sent).toHaveLength(1);
    // 01:10 GMT, the hour again: the admin sets the same zone once more.
    t.clock.set('2026-10-25T01:10:00Z');
    await setServerZone('Europe/London');
    await b.tickAt('2026-10-25T01:30:05Z');
    await b.tickAt('2026-10-25T02:00:00Z');
    expect(b.sender.sent).toHaveLength(1);
    const [row] = await t.database.db.select().from(remindersTable);
    expect(row!.nextFireAt.toISOString()).toBe('2026-10-26T01:30:00.000Z');
  });

  it('moving west after the day’s post does not post that local time again', async () => {
    t.clock.set('2026-12-01T12:00:00Z');
    await setServerZone('Europe/Berlin');
    await addServer('daily 09:00');
    const b = bot();
    await b.tickAt('2026-12-02T08:00:05Z');
    expect(b.sender.sent).toHaveLength(1);
    t.clock.set('2026-12-02T08:30:00Z');
    await setServerZone('Europe/London');
    await b.tickAt('2026-12-02T09:00:05Z');
    expect(b.sender.sent).toHaveLength(1);
    const [row] = await t.database.db.select().from(remindersTable);
    expect(row!.nextFireAt.toISOString()).toBe('2026-12-03T09:00:00.000Z');
  });
});

describe('one stuck reminder', () => {
  it('is switched off with a reason, and the others due with it are sent', async () => {
    await addPersonal('daily 07:00');
    const { reminder: stuck } = await addPersonal('daily 07:00');
    // A schedule text this version can't read (damaged, or written by an older one).
    await t.database.db
      .update(remindersTable)
      .set({ cron: '0 7 L * *' })
      .where(eq(remindersTable.id, stuck.id));
    const b = bot();
    await b.tickAt('2026-12-02T07:00:05Z');
    expect(b.sender.sent).toHaveLength(1);
    const [row] = await t.database.db.select().from(remindersTable).where(eq(remindersTable.id, stuck.id));
    expect(row).toMatchObject({ enabled: false, disabledReason: stuckReason });
    await b.tickAt('2026-12-03T07:00:05Z');
    expect(b.sender.sent).toHaveLength(2);
  });
});
