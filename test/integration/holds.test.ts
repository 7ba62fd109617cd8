import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activityDays, exerciseLogs, holdSessions } from '../../src/db/schema.js';
import { memberErrorText } from '../../src/discord/render/member-errors.js';
import type { Services } from '../../src/services/index.js';
import { useServiceTestbed } from '../support/service-testbed.js';

const guildId = '100000000000000001';
const channelId = '300000000000000001';
const alice = '200000000000000001';
const bob = '200000000000000002';
const carol = '200000000000000003';
const minutes = (n: number) => n * 60_000;

const t = useServiceTestbed('2026-11-28T19:30:00Z');

/** What the hold timer does at each look: start what is due, then (here) wait for it to be done. */
const advanceHolds = async (services: Services = t.services) => {
  await services.holds.advanceHolds();
  await services.holds.settled();
};

const start = async (routine = 'static-back', extra: { minutes?: number; startsInMinutes?: number } = {}) => {
  const result = await t.services.holds.startHold({
    guildId,
    originChannelId: channelId,
    userId: alice,
    routine,
    ...extra,
  });
  if (!result.ok) throw new Error(memberErrorText(result.error));
  return result.value.session;
};

const credits = async () =>
  (await t.database.db.select().from(exerciseLogs)).map((log) => ({
    userId: log.userId,
    exercise: log.exercise,
    amount: log.amount,
    source: log.source,
  }));

describe('a group hold', () => {
  it('runs its phases, announces each once, and credits what each member held', async () => {
    const session = await start('supine-groin', { minutes: 10, startsInMinutes: 2 });
    expect(t.holdMessenger.channels).toHaveLength(1);
    expect((await t.services.holds.joinHold({ sessionId: session.id, guildId, userId: bob })).ok).toBe(true);

    t.clock.advanceBy(minutes(2));
    await advanceHolds();
    await advanceHolds();
    t.clock.advanceBy(minutes(5));
    await t.services.holds.joinHold({ sessionId: session.id, guildId, userId: carol });
    t.clock.advanceBy(minutes(5));
    await advanceHolds();
    t.clock.advanceBy(minutes(5));
    await t.services.holds.leaveHold({ sessionId: session.id, guildId, userId: bob });
    t.clock.advanceBy(minutes(5));
    await advanceHolds();
    await advanceHolds();

    expect(t.holdMessenger.announcements.map((a) => a.announcement.kind)).toEqual([
      'start',
      'phase',
      'finished',
    ]);
    expect(t.holdMessenger.announcements[1]!.announcement.mentions).toEqual([alice, bob, carol]);
    expect(await credits()).toEqual(
      expect.arrayContaining([
        { userId: alice, exercise: 'supine-groin', amount: 1200, source: 'hold' },
        { userId: bob, exercise: 'supine-groin', amount: 900, source: 'hold' },
        { userId: carol, exercise: 'supine-groin', amount: 900, source: 'hold' },
      ]),
    );
    expect(await credits()).toHaveLength(3);

    t.clock.advanceBy(minutes(3));
    await advanceHolds();
    expect(t.holdMessenger.removed).toEqual([session.id]);
  });

  it('refuses a double join, a leave by a non-member, and buttons after the end', async () => {
    const session = await start();
    const again = await t.services.holds.joinHold({ sessionId: session.id, guildId, userId: alice });
    expect(again.ok ? 'joined' : again.error.code).toBe('hold.already_in');
    const leave = await t.services.holds.leaveHold({ sessionId: session.id, guildId, userId: bob });
    expect(leave.ok ? 'left' : leave.error.code).toBe('hold.not_in');

    t.clock.advanceBy(minutes(21));
    await advanceHolds();
    const late = await t.services.holds.joinHold({ sessionId: session.id, guildId, userId: bob });
    expect(late.ok ? 'joined' : late.error.code).toBe('hold.over');
    const leaveLate = await t.services.holds.leaveHold({ sessionId: session.id, guildId, userId: alice });
    expect(leaveLate.ok ? 'left' : leaveLate.error.code).toBe('hold.over');
    expect(await credits()).toEqual([
      { userId: alice, exercise: 'static-back', amount: 1200, source: 'hold' },
    ]);
  });

  it('allows one open hold per channel, even when two start at once', async () => {
    const request = { guildId, originChannelId: channelId, userId: alice, routine: 'static-back' };
    const results = await Promise.all([
      t.services.holds.startHold(request),
      t.services.holds.startHold(request),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok);
    expect(refused && !refused.ok && refused.error.code).toBe('hold.already_running');
  });

  it('lets only the starter or a moderator stop it, and credits time held so far', async () => {
    const session = await start();
    await t.services.holds.joinHold({ sessionId: session.id, guildId, userId: bob });
    t.clock.advanceBy(minutes(5));
    const byBob = await t.services.holds.stopHold({
      guildId,
      channelId,
      userId: bob,
      canManageMessages: false,
    });
    expect(byBob.ok ? 'stopped' : byBob.error.code).toBe('hold.not_yours');
    const byMod = await t.services.holds.stopHold({
      guildId,
      channelId,
      userId: carol,
      canManageMessages: true,
    });
    expect(byMod.ok).toBe(true);
    expect((await credits()).map((c) => c.amount)).toEqual([300, 300]);
    const none = await t.services.holds.stopHold({
      guildId,
      channelId,
      userId: alice,
      canManageMessages: false,
    });
    expect(none.ok ? 'stopped' : none.error.code).toBe('hold.none_here');
  });

  it('cancels without credit when stopped in the lobby', async () => {
    await start('static-back', { startsInMinutes: 10 });
    const stopped = await t.services.holds.stopHold({
      guildId,
      channelId,
      userId: alice,
      canManageMessages: false,
    });
    expect(stopped.ok && stopped.value.status).toBe('cancelled');
    expect(t.holdMessenger.announcements.map((a) => a.announcement.kind)).toEqual(['cancelled']);
    expect(await credits()).toEqual([]);
  });

  it.each([
    [{ routine: 'yoga' }, 'hold.unknown_routine'],
    [{ routine: 'static-back', minutes: 0 }, 'hold.bad_minutes'],
    [{ routine: 'static-back', minutes: 500 }, 'hold.bad_minutes'],
    [{ routine: 'static-back', startsInMinutes: 90 }, 'hold.bad_start'],
  ])('refuses %j with %s', async (input, code) => {
    const result = await t.services.holds.startHold({
      guildId,
      originChannelId: channelId,
      userId: alice,
      ...input,
    });
    expect(result.ok ? 'started' : result.error.code).toBe(code);
    expect(await t.database.db.select().from(holdSessions)).toEqual([]);
  });
});

describe('holds across restarts and processes', () => {
  it('is finished once by a new process, even when the end passed while none was running', async () => {
    const session = await start();
    await t.services.holds.joinHold({ sessionId: session.id, guildId, userId: bob });
    t.clock.advanceBy(minutes(45));
    const second = t.anotherProcess();
    await advanceHolds(second.services);
    await advanceHolds(second.services);
    expect(second.holdMessenger.announcements.map((a) => a.announcement.kind)).toEqual(['finished']);
    expect((await credits()).map((c) => c.amount)).toEqual([1200, 1200]);
    const [row] = await t.database.db.select().from(holdSessions).where(eq(holdSessions.id, session.id));
    expect(row?.finishedAt).toEqual(session.endsAt);
  });

  it('credits exactly once when two processes reach the end together', async () => {
    const session = await start();
    await t.services.holds.joinHold({ sessionId: session.id, guildId, userId: bob });
    t.clock.advanceBy(minutes(20));
    const other = t.anotherProcess();
    await Promise.all([advanceHolds(), advanceHolds(other.services)]);
    expect(await credits()).toHaveLength(2);
    const finishedAnnouncements = [
      ...t.holdMessenger.announcements,
      ...other.holdMessenger.announcements,
    ].filter((a) => a.announcement.kind === 'finished');
    expect(finishedAnnouncements).toHaveLength(1);
  });
});

describe('holds when Discord fails them', () => {
  it('brings the boards up to date even when the end can’t be announced', async () => {
    const session = await start();
    await t.services.holds.joinHold({ sessionId: session.id, guildId, userId: bob });
    const announce = t.holdMessenger.announce;
    t.holdMessenger.announce = async (held, announcement) => {
      if (announcement.kind === 'finished') throw new Error('Discord said no');
      await announce(held, announcement);
    };
    t.clock.advanceBy(minutes(20));
    await advanceHolds().catch(() => undefined);
    await t.services.holds.settled().catch(() => undefined);
    expect(await credits()).toHaveLength(2);
    const boards = await t.database.db
      .select({ userId: activityDays.userId, points: activityDays.points })
      .from(activityDays)
      .orderBy(activityDays.userId);
    expect(boards.map((row) => row.userId)).toEqual([alice, bob]);
    expect(boards.every((row) => row.points > 0)).toBe(true);
  });

  it('tries again to remove a hold’s channel when Discord refuses', async () => {
    const session = await start();
    const removeChannel = t.holdMessenger.removeChannel;
    let refusals = 1;
    t.holdMessenger.removeChannel = async (held) => {
      if (refusals-- > 0) throw new Error('Discord said no');
      await removeChannel(held);
    };
    t.clock.advanceBy(minutes(20));
    await advanceHolds();
    t.clock.advanceBy(minutes(3));
    await advanceHolds();
    expect(t.holdMessenger.removed).toEqual([]);
    t.clock.advanceBy(minutes(1));
    await advanceHolds();
    expect(t.holdMessenger.removed).toEqual([session.id]);
  });

  it('removes the channel of a hold that could not start', async () => {
    t.holdMessenger.postLive = async () => {
      throw new Error('Discord said no');
    };
    await expect(start()).rejects.toThrow('Discord said no');
    await advanceHolds();
    const [row] = await t.database.db.select().from(holdSessions);
    expect(row?.status).toBe('cancelled');
    expect(t.holdMessenger.removed).toEqual([row!.id]);
  });

  it('announces the start only once the hold is set up, mentioning its starter', async () => {
    const other = t.anotherProcess();
    const openHoldChannel = t.holdMessenger.openHoldChannel;
    // Another process's timer looks while this one is still making the channel.
    t.holdMessenger.openHoldChannel = async (request) => {
      await advanceHolds(other.services);
      return openHoldChannel(request);
    };
    await start();
    await advanceHolds();
    await advanceHolds(other.services);
    const starts = [...t.holdMessenger.announcements, ...other.holdMessenger.announcements].filter(
      (a) => a.announcement.kind === 'start',
    );
    expect(starts).toHaveLength(1);
    expect(starts[0]!.announcement.mentions).toEqual([alice]);
  });
});

describe('voice-bound holds', () => {
  it('joins members who enter the voice channel and forgives a short drop; one already there is only invited', async () => {
    const voice = '400000000000000001';
    const result = await t.services.holds.startHold({
      guildId,
      originChannelId: channelId,
      userId: alice,
      routine: 'static-back',
      voiceChannelId: voice,
      inVoice: [bob],
    });
    expect(result.ok).toBe(true);
    await t.services.holds.voiceJoined({ guildId, voiceChannelId: voice, userId: carol });
    t.clock.advanceBy(minutes(5));
    await t.services.holds.voiceLeft({ guildId, voiceChannelId: voice, userId: carol });
    t.clock.advanceBy(30_000);
    await t.services.holds.voiceJoined({ guildId, voiceChannelId: voice, userId: carol });
    t.clock.advanceBy(minutes(5));
    // Bob sat in the channel when it opened: invited, never enrolled; leaving it credits him nothing.
    await t.services.holds.voiceLeft({ guildId, voiceChannelId: voice, userId: bob });
    t.clock.advanceBy(minutes(10));
    await advanceHolds();
    const byUser = Object.fromEntries((await credits()).map((c) => [c.userId, c.amount]));
    expect(byUser).toEqual({ [alice]: 1200, [carol]: 1200 });
  });
});
