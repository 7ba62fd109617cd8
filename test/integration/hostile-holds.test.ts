import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { exerciseLogs, holdParticipants, holdSessions, members } from '../../src/db/schema.js';
import { memberErrorText } from '../../src/discord/render/member-errors.js';
import type { StartHoldRequest } from '../../src/services/holds/start-hold.js';
import { useServiceTestbed } from '../support/service-testbed.js';

// Issue 15: nobody is acted on without acting. Being in a voice channel, a crafted button, a careless
// starter or a deletion landing mid-hold must not enrol, credit or bring back anyone.

const guildId = '100000000000000001';
const otherGuild = '100000000000000002';
const channelId = '300000000000000001';
const voice = '400000000000000001';
const alice = '200000000000000001';
const bob = '200000000000000002';
const carol = '200000000000000003';
const minutes = (n: number) => n * 60_000;

const t = useServiceTestbed('2026-11-28T19:30:00Z');

const advanceHolds = async () => {
  await t.services.holds.advanceHolds();
  await t.services.holds.settled();
};

const start = async (extra: Partial<StartHoldRequest> = {}) => {
  const result = await t.services.holds.startHold({
    guildId,
    originChannelId: channelId,
    userId: alice,
    routine: 'static-back',
    ...extra,
  });
  if (!result.ok) throw new Error(memberErrorText(result.error));
  return result.value.session;
};

const credits = async () =>
  Object.fromEntries(
    (await t.database.db.select().from(exerciseLogs)).map((log) => [log.userId, log.amount]),
  );

/** Who is in the hold now, by user id. */
const present = async (sessionId: number) =>
  (await t.database.db.select().from(holdParticipants).where(eq(holdParticipants.sessionId, sessionId)))
    .filter((row) => row.leftAt === null)
    .map((row) => row.userId);

describe('members in the voice channel when a hold opens', () => {
  it('are invited, not enrolled, and join only by entering the channel after it opened', async () => {
    const session = await start({ voiceChannelId: voice, inVoice: [bob, carol] });
    expect((await present(session.id)).sort()).toEqual([alice]);

    // Bob steps out and comes back in: entering is acting.
    t.clock.advanceBy(minutes(2));
    await t.services.holds.voiceLeft({ guildId, voiceChannelId: voice, userId: bob });
    t.clock.advanceBy(minutes(2));
    await t.services.holds.voiceJoined({ guildId, voiceChannelId: voice, userId: bob });
    // A resync that finds Carol still sitting there does not enrol her either.
    await t.services.holds.voiceResynced({
      guildId,
      inVoice: new Map([
        [bob, voice],
        [carol, voice],
      ]),
      lastSeen: new Map(),
    });
    expect((await present(session.id)).sort()).toEqual([alice, bob]);

    t.clock.advanceBy(minutes(16));
    await advanceHolds();
    expect(await credits()).toEqual({ [alice]: 1200, [bob]: 960 });
  });

  it('leaves a member who pressed Leave out while they stay seated, until they enter again', async () => {
    const session = await start({ voiceChannelId: voice });
    await t.services.holds.voiceJoined({ guildId, voiceChannelId: voice, userId: bob });
    const left = await t.services.holds.leaveHold({ sessionId: session.id, guildId, userId: bob });
    expect(left.ok).toBe(true);
    await t.services.holds.voiceResynced({ guildId, inVoice: new Map([[bob, voice]]), lastSeen: new Map() });
    expect(await present(session.id)).toEqual([alice]);
    await t.services.holds.voiceLeft({ guildId, voiceChannelId: voice, userId: bob });
    await t.services.holds.voiceJoined({ guildId, voiceChannelId: voice, userId: bob });
    expect((await present(session.id)).sort()).toEqual([alice, bob]);
  });
});

describe('who can take part', () => {
  it('refuses bots, by the button and by entering the voice channel', async () => {
    const session = await start({ voiceChannelId: voice });
    const pressed = await t.services.holds.joinHold({
      sessionId: session.id,
      guildId,
      userId: bob,
      bot: true,
    });
    expect(pressed.ok ? 'joined' : pressed.error.code).toBe('hold.bots_not_allowed');
    await t.services.holds.voiceJoined({
      guildId,
      voiceChannelId: voice,
      userId: carol,
      member: () => Promise.resolve({ displayName: 'Carol bot', bot: true }),
    });
    expect(await present(session.id)).toEqual([alice]);
  });

  it('refuses a button naming another server’s hold, as if it did not exist', async () => {
    const session = await start();
    const join = await t.services.holds.joinHold({ sessionId: session.id, guildId: otherGuild, userId: bob });
    expect(join.ok ? 'joined' : join.error.code).toBe('hold.unknown');
    const leave = await t.services.holds.leaveHold({
      sessionId: session.id,
      guildId: otherGuild,
      userId: alice,
    });
    expect(leave.ok ? 'left' : leave.error.code).toBe('hold.unknown');
    expect(await present(session.id)).toEqual([alice]);
  });
});

describe('a careless starter', () => {
  it('has at most two open holds in a server; a schedule’s holds do not count as theirs', async () => {
    await start({ originChannelId: '300000000000000011' });
    await start({ originChannelId: '300000000000000012' });
    const third = await t.services.holds.startHold({
      guildId,
      originChannelId: '300000000000000013',
      userId: alice,
      routine: 'static-back',
    });
    expect(third.ok ? 'started' : third.error.code).toBe('hold.too_many_yours');
    const scheduled = await t.services.holds.startHold({
      guildId,
      originChannelId: '300000000000000014',
      userId: alice,
      routine: 'static-back',
      starterJoins: false,
    });
    expect(scheduled.ok).toBe(true);
    // Another member is not held back by Alice's holds.
    const bobs = await t.services.holds.startHold({
      guildId,
      originChannelId: '300000000000000015',
      userId: bob,
      routine: 'static-back',
    });
    expect(bobs.ok).toBe(true);
  });

  it('sees a lobby nobody stayed in close at its start, with no credit, and the place freed', async () => {
    const session = await start({ startsInMinutes: 2 });
    expect((await t.services.holds.leaveHold({ sessionId: session.id, guildId, userId: alice })).ok).toBe(
      true,
    );
    t.clock.advanceBy(minutes(2));
    await advanceHolds();
    t.clock.advanceBy(minutes(25));
    await advanceHolds();

    const [row] = await t.database.db.select().from(holdSessions).where(eq(holdSessions.id, session.id));
    expect(row?.status).toBe('cancelled');
    expect(t.holdMessenger.announcements.map((a) => a.announcement.kind)).toEqual(['empty']);
    expect(await credits()).toEqual({});
    // Its channel is free for a new hold.
    await start();
  });
});

describe('leaving and joining again', () => {
  it('keeps one participation row and credits exactly the time held', async () => {
    const session = await start();
    await t.services.holds.joinHold({ sessionId: session.id, guildId, userId: bob });
    t.clock.advanceBy(minutes(5));
    await t.services.holds.leaveHold({ sessionId: session.id, guildId, userId: bob });
    t.clock.advanceBy(minutes(5));
    await t.services.holds.joinHold({ sessionId: session.id, guildId, userId: bob });
    t.clock.advanceBy(minutes(2));
    await t.services.holds.leaveHold({ sessionId: session.id, guildId, userId: bob });
    await t.services.holds.joinHold({ sessionId: session.id, guildId, userId: bob });
    t.clock.advanceBy(minutes(8));
    await advanceHolds();

    const rows = await t.database.db
      .select()
      .from(holdParticipants)
      .where(and(eq(holdParticipants.sessionId, session.id), eq(holdParticipants.userId, bob)));
    expect(rows).toHaveLength(1);
    expect(await credits()).toEqual({ [alice]: 1200, [bob]: 900 });
  });
});

describe('a deletion during a hold’s end', () => {
  it('is not undone by the streak refresh that trails the end', async () => {
    const session = await start();
    await t.services.holds.joinHold({ sessionId: session.id, guildId, userId: bob });
    t.clock.advanceBy(minutes(21));
    await advanceHolds();
    const bobsRow = () =>
      t.database.db
        .select()
        .from(members)
        .where(and(eq(members.guildId, guildId), eq(members.userId, bob)));
    expect(await bobsRow()).toHaveLength(1);

    const deleted = await t.services.privacy.deleteMember({ guildId, userId: bob, askedAt: t.clock.now() });
    expect(deleted.ok).toBe(true);
    // The refresh of the end lands after the deletion, as it can when it trails behind.
    await t.repositories.settings.recordStreaks(guildId, [
      { userId: bob, record: { run: 1, lastDay: '2026-11-28', best: 1, bestDay: '2026-11-28' } },
    ]);
    await t.repositories.settings.recordStreaks(guildId, [
      { userId: alice, record: { run: 1, lastDay: '2026-11-28', best: 1, bestDay: '2026-11-28' } },
    ]);
    expect(await bobsRow()).toEqual([]);
    const [alicesRow] = await t.database.db
      .select()
      .from(members)
      .where(and(eq(members.guildId, guildId), eq(members.userId, alice)));
    expect(alicesRow?.streakRun).toBe(1);
  });
});
