import { describe, expect, it } from 'vitest';
import { reminderFires } from '../../src/db/schema.js';
import { memberErrorText } from '../../src/discord/render/member-errors.js';
import { nonceTrustMs } from '../../src/services/reminder-fires.js';
import { startReminderProcess } from '../support/reminder-process.js';
import { useServiceTestbed } from '../support/service-testbed.js';

const guildId = '100000000000000001';
const alice = { guildId, userId: '200000000000000001' };
const minutes = (n: number) => n * 60_000;

const t = useServiceTestbed('2026-11-28T20:00:00Z');

const addDaily = async () => {
  const result = await t.services.reminders.addPersonal({
    ...alice,
    when: 'daily 20:30',
    message: 'Static back time',
    onlyIfNotLogged: false,
    dmChannelId: '500000000000000001',
  });
  if (!result.ok) throw new Error(memberErrorText(result.error));
  return result.value;
};
const fires = () => t.database.db.select().from(reminderFires);
/** As if the process died after sending the post to Discord and before hearing back. */
const crashAfterPosting = () =>
  t.database.db.update(reminderFires).set({ outcome: null, settledAt: null, messageId: null });

describe('a fire whose post may have gone out', () => {
  it('is posted when the bot finds nothing where it posts, and the message id is kept', async () => {
    await addDaily();
    const first = startReminderProcess(t, { holder: 'a' });
    t.clock.set('2026-11-28T20:30:01Z');
    first.sender.behaviour = 'fault';
    await first.tick();
    expect(first.sender.sent).toHaveLength(0);
    expect((await fires())[0]?.postingAt).not.toBeNull();

    const second = startReminderProcess(t, { holder: 'b' });
    t.clock.advanceBy(nonceTrustMs + 5_000);
    await second.tick();
    expect(second.sender.looks).toHaveLength(1);
    expect(second.sender.sent).toHaveLength(1);
    expect((await fires())[0]).toMatchObject({ outcome: 'sent', messageId: 'message-0' });
  });

  it('is missed, not posted, when nothing was found and its time is long past', async () => {
    await addDaily();
    const first = startReminderProcess(t, { holder: 'a' });
    t.clock.set('2026-11-28T20:30:01Z');
    first.sender.behaviour = 'fault';
    await first.tick();
    const second = startReminderProcess(t, { holder: 'b' });
    t.clock.advanceBy(minutes(120));
    await second.tick();
    expect(second.sender.sent).toHaveLength(0);
    expect((await fires())[0]?.outcome).toBe('missed');
  });

  it('is settled as unknown, and not sent again, when the bot cannot look', async () => {
    await addDaily();
    const first = startReminderProcess(t, { holder: 'a' });
    t.clock.set('2026-11-28T20:30:01Z');
    await first.tick();
    await crashAfterPosting();
    const second = startReminderProcess(t, { holder: 'b', sender: first.sender });
    first.sender.canLook = false;
    t.clock.advanceBy(minutes(5));
    await second.tick();
    t.clock.advanceBy(minutes(5));
    await second.tick();
    expect(first.sender.sent).toHaveLength(1);
    expect(first.sender.attempts).toHaveLength(1);
    expect((await fires())[0]?.outcome).toBe('unknown');
  });

  it('keeps the first posting time across retries, so the trust in the nonce runs from the first post', async () => {
    await addDaily();
    const bot = startReminderProcess(t, { holder: 'a' });
    t.clock.set('2026-11-28T20:30:01Z');
    bot.sender.behaviour = 'fault';
    await bot.tick();
    const firstPost = (await fires())[0]!.postingAt!;
    t.clock.advanceBy(minutes(1) + 5_000);
    await bot.tick();
    expect(bot.sender.attempts).toHaveLength(2);
    expect((await fires())[0]!.postingAt).toEqual(firstPost);
    // Past the trust now: the next claim looks before it posts.
    t.clock.advanceBy(minutes(1) + 5_000);
    bot.sender.behaviour = 'deliver';
    await bot.tick();
    expect(bot.sender.looks).toHaveLength(1);
  });

  it('is never claimed again by the process still sending it', async () => {
    await addDaily();
    const bot = startReminderProcess(t, { holder: 'a' });
    t.clock.set('2026-11-28T20:30:01Z');
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const deliver = bot.sender.deliver.bind(bot.sender);
    bot.sender.deliver = async (...args) => {
      await held;
      return deliver(...args);
    };
    await bot.dispatcher.tick();
    // Long enough to look abandoned, while this process still waits on Discord.
    t.clock.advanceBy(minutes(3));
    await bot.dispatcher.tick();
    release();
    await bot.dispatcher.drain();
    expect(bot.sender.attempts).toHaveLength(1);
    expect(bot.sender.looks).toHaveLength(0);
    expect((await fires())[0]?.outcome).toBe('sent');
  });
});
