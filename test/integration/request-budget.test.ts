import { describe, expect, it } from 'vitest';
import { reminderFires } from '../../src/db/schema.js';
import { memberErrorText } from '../../src/discord/render/member-errors.js';
import { createServices } from '../../src/services/index.js';
import { useServiceTestbed } from '../support/service-testbed.js';
import { startReminderProcess } from '../support/reminder-process.js';

const guildId = '100000000000000001';
const channelId = '300000000000000001';
const alice = '200000000000000001';
const minutes = (n: number) => n * 60_000;

const t = useServiceTestbed('2026-11-28T19:30:00Z');

/** The testbed's services, with a brake the test sets. */
function servicesWithBrake() {
  const brake = { engaged: false };
  const services = createServices({
    db: t.database.db,
    clock: t.clock,
    holdMessenger: t.holdMessenger,
    repositories: t.repositories,
    brake,
  });
  const advanceHolds = async () => {
    await services.holds.advanceHolds();
    await services.holds.settled();
  };
  const start = async () => {
    const result = await services.holds.startHold({
      guildId,
      originChannelId: channelId,
      userId: alice,
      routine: 'static-back',
    });
    if (!result.ok) throw new Error(memberErrorText(result.error));
    return result.value.session;
  };
  return { brake, services, advanceHolds, start };
}

describe('a hold channel’s removal', () => {
  it('is not tried again when Discord refuses it for good (403 Missing Access)', async () => {
    const { advanceHolds, start } = servicesWithBrake();
    await start();
    let attempts = 0;
    t.holdMessenger.removeChannel = async () => {
      attempts++;
      throw Object.assign(new Error('Missing Access'), { status: 403, code: 50001 });
    };
    t.clock.advanceBy(minutes(20));
    await advanceHolds();
    t.clock.advanceBy(minutes(3));
    await advanceHolds();
    expect(attempts).toBe(1);
    for (let minute = 0; minute < 10; minute++) {
      t.clock.advanceBy(minutes(1));
      await advanceHolds();
    }
    expect(attempts).toBe(1);
  });

  it('waits while the brake is engaged, and is tried again once it is released', async () => {
    const { brake, advanceHolds, start } = servicesWithBrake();
    const session = await start();
    const removeChannel = t.holdMessenger.removeChannel;
    let attempts = 0;
    t.holdMessenger.removeChannel = async (held) => {
      if (attempts++ === 0) throw Object.assign(new Error('Bad Gateway'), { status: 502 });
      await removeChannel(held);
    };
    t.clock.advanceBy(minutes(20));
    await advanceHolds();
    t.clock.advanceBy(minutes(3));
    await advanceHolds();
    expect(attempts).toBe(1);

    brake.engaged = true;
    for (let minute = 0; minute < 5; minute++) {
      t.clock.advanceBy(minutes(1));
      await advanceHolds();
    }
    expect(attempts).toBe(1);
    brake.engaged = false;
    t.clock.advanceBy(minutes(1));
    await advanceHolds();
    expect(attempts).toBe(2);
    expect(t.holdMessenger.removed).toEqual([session.id]);
  });
});

/** The reminder side of a bot process, with a brake the test sets. */
function reminderProcess() {
  const brake = { engaged: false };
  return { brake, ...startReminderProcess(t, { brake }) };
}

async function addDaily() {
  const result = await t.services.reminders.addPersonal({
    guildId,
    userId: alice,
    when: 'daily 20:30',
    message: 'Static back time',
    onlyIfNotLogged: false,
    dmChannelId: '500000000000000001',
  });
  if (!result.ok) throw new Error(memberErrorText(result.error));
}

describe('a reminder fire', () => {
  it('that Discord refuses for good while composing fails once and is not tried again', async () => {
    const { sender, tick } = reminderProcess();
    await addDaily();
    let composed = 0;
    sender.compose = async () => {
      composed++;
      throw Object.assign(new Error('Unknown Guild'), { status: 404, code: 10004 });
    };
    t.clock.advanceBy(minutes(60));
    for (let minute = 0; minute < 10; minute++) {
      await tick();
      t.clock.advanceBy(minutes(1));
    }
    expect(composed).toBe(1);
    expect((await t.database.db.select().from(reminderFires)).map((fire) => fire.outcome)).toEqual([
      'failed',
    ]);
  });

  it('that failed for a passing reason is re-sent only once the brake is released', async () => {
    const { brake, sender, tick } = reminderProcess();
    await addDaily();
    sender.behaviour = 'fault';
    t.clock.advanceBy(minutes(60));
    await tick();
    expect(sender.attempts).toHaveLength(1);
    sender.behaviour = 'deliver';

    brake.engaged = true;
    for (let minute = 0; minute < 4; minute++) {
      t.clock.advanceBy(minutes(1));
      await tick();
    }
    expect(sender.attempts).toHaveLength(1);
    brake.engaged = false;
    t.clock.advanceBy(minutes(1));
    await tick();
    expect(sender.sent).toHaveLength(1);
    expect((await t.database.db.select().from(reminderFires)).map((fire) => fire.outcome)).toEqual(['sent']);
  });
});
