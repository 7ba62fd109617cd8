import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { isNull } from 'drizzle-orm';
import { exerciseLogs, holdParticipants, holdSessions } from '../../src/db/schema.js';
import { holdRules } from '../../src/services/holds.js';
import { stopHarnessAfterEach, messageText, startHarness, type Harness } from '../support/align-harness.js';
import { holdChannelIn, liveMessageIn } from '../support/hold-views.js';

let h: Harness;
const minutes = (n: number) => n * 60_000;

stopHarnessAfterEach(() => h);

const holdChannel = () => holdChannelIn(h.sandbox, h.guild);
const liveMessage = () => liveMessageIn(h.sandbox, h.guild);
const click = (label: 'Join' | 'Leave', user = h.members.bob) =>
  h.sandbox.clickButton({ message: liveMessage(), label, user }).reply();
const advance = async (ms: number) => {
  h.clock.advanceBy(ms);
  await h.align.holdTimer.runDue();
};
const present = async () =>
  (await h.database.db.select().from(holdParticipants).where(isNull(holdParticipants.leftAt))).map(
    (p) => p.userId,
  );
const credits = async () =>
  (await h.database.db.select().from(exerciseLogs))
    .map((log) => ({ userId: log.userId, exercise: log.exercise, amount: log.amount, source: log.source }))
    .sort((a, b) => a.userId.localeCompare(b.userId) || a.exercise.localeCompare(b.exercise));

describe('a group hold through Discord', () => {
  it('opens a channel with a lobby, takes joins by button and voice, switches legs, credits and tidies up', async () => {
    h = await startHarness();
    const { alice, bob, carol } = h.members;
    const opened = await h.run('/hold start supine-groin minutes:10 voice:Floor starts_in:2', alice);
    expect(messageText(opened)).toMatch(/A hold is open in <#\d+>/);
    const channel = holdChannel();
    expect(channel.parentId).toBe(h.sandbox.channels(h.guild).find((c) => c.name === 'Exercise')?.id);
    expect(messageText(liveMessage())).toMatch(/Starts <t:\d+:R>/);
    expect(messageText(liveMessage())).toMatch(/On the floor.*Alice/s);

    const joined = await click('Join', bob);
    expect(joined.ephemeral).toBe(true);
    expect(messageText(joined)).toMatch(/You’re in/);
    const again = await click('Join', bob);
    expect(again.ephemeral).toBe(true);
    expect(messageText(again)).toMatch(/already in this hold/);

    h.sandbox.joinVoice(carol, h.guild, 'Floor');
    await vi.waitFor(async () => expect(await present()).toContain(carol.id));
    await advance(minutes(2));
    expect(messageText(liveMessage())).toMatch(/On the floor.*Carol/s);

    const started = await h.sandbox.waitForMessage((m) => m.content.includes('Starting now'));
    expect(started.channelId).toBe(channel.id);
    expect(started.allowedMentions?.users?.sort()).toEqual([alice.id, bob.id, carol.id].sort());
    expect(messageText(liveMessage())).toMatch(/Groin stretch, left leg.*\(1 of 2\)/s);

    await advance(minutes(10));
    const switched = await h.sandbox.waitForMessage((m) => m.content.includes('Switch: right leg'));
    expect(switched.content).toContain(`<@${bob.id}>`);

    h.sandbox.leaveVoice(carol, h.guild);
    await vi.waitFor(async () => expect(await present()).not.toContain(carol.id));
    await advance(holdRules.minEditGapMs);
    expect(messageText(liveMessage())).not.toMatch(/Carol/);
    // The end has come but the timer hasn't looked yet: the buttons are still there to press.
    h.clock.advanceBy(minutes(10) - holdRules.minEditGapMs);
    const late = await click('Leave', bob);
    expect(late.ephemeral).toBe(true);
    expect(messageText(late)).toMatch(/This hold is over/);
    await h.align.holdTimer.runDue();
    const summary = await h.sandbox.waitForMessage((m) => m.content.includes('Well held'));
    expect(summary.content).toMatch(/20 min/);
    expect(liveMessage().components).toEqual([]);
    await vi.waitFor(() => expect(messageText(liveMessage())).toMatch(/Took part \(3\)/));
    expect(await credits()).toEqual(
      [
        { userId: alice.id, exercise: 'supine-groin', amount: 1200, source: 'hold' },
        { userId: bob.id, exercise: 'supine-groin', amount: 1200, source: 'hold' },
        { userId: carol.id, exercise: 'supine-groin', amount: 600, source: 'hold' },
      ].sort((a, b) => a.userId.localeCompare(b.userId)),
    );

    const me = await h.run('/me', bob);
    expect(messageText(me)).toMatch(/Supine groin stretch\nToday 20 min/);

    await advance(minutes(3));
    await vi.waitFor(() => expect(h.sandbox.channels(h.guild).map((c) => c.id)).not.toContain(channel.id));
  });

  it('falls back to a thread when the bot may not manage channels', async () => {
    h = await startHarness();
    const everythingButManageChannels =
      PermissionFlagsBits.ViewChannel |
      PermissionFlagsBits.SendMessages |
      PermissionFlagsBits.EmbedLinks |
      PermissionFlagsBits.CreatePublicThreads |
      PermissionFlagsBits.SendMessagesInThreads |
      PermissionFlagsBits.ReadMessageHistory;
    h.sandbox.setBotPermissions(h.guild, everythingButManageChannels);
    await h.run('/hold start static-back', h.members.alice);
    expect(holdChannel().type).toBe(11);
    await advance(minutes(20));
    await h.sandbox.waitForMessage((m) => m.content.includes('Well held'));
    await advance(minutes(3));
    await vi.waitFor(() => expect(h.sandbox.channel(holdChannel().id)?.archived).toBe(true));
  });

  it('lets only the starter or a moderator stop it, and one hold per channel', async () => {
    h = await startHarness();
    await h.run('/hold start static-back', h.members.alice);
    const second = await h.run('/hold start superman', h.members.bob);
    expect(second.ephemeral).toBe(true);
    expect(messageText(second)).toMatch(/already going here/);
    await click('Join', h.members.bob);
    await advance(minutes(5));

    const byBob = await h.run('/hold stop', h.members.bob, holdChannel().id);
    expect(byBob.ephemeral).toBe(true);
    expect(messageText(byBob)).toMatch(/Only the member who started/);
    const byAlice = await h.run('/hold stop', h.members.alice, holdChannel().id);
    expect(messageText(byAlice)).toMatch(/stopped/);
    expect((await credits()).map((c) => c.amount)).toEqual([300, 300]);

    const list = await h.run('/hold list', h.members.carol);
    expect(messageText(list)).toMatch(/No holds are going/);
  });

  it('says nothing is logged when a hold is stopped before it begins', async () => {
    h = await startHarness();
    await h.run('/hold start static-back starts_in:5', h.members.alice);
    const stopped = await h.run('/hold stop', h.members.alice, holdChannel().id);
    expect(messageText(stopped)).toMatch(/cancelled.*nothing is logged/);
    expect(await credits()).toEqual([]);
  });
});

describe('a hold across a restart', () => {
  it('ends on time after the bot restarts mid-hold, crediting everyone once', async () => {
    h = await startHarness();
    await h.run('/hold start static-back', h.members.alice);
    await click('Join', h.members.bob);
    await advance(minutes(8));
    await h.restart();
    await advance(minutes(12));
    await h.sandbox.waitForMessage((m) => m.content.includes('Well held'));
    await advance(0);
    expect((await credits()).map((c) => c.amount)).toEqual([1200, 1200]);
    expect(h.sandbox.messages(holdChannel().id).filter((m) => m.content.includes('Well held'))).toHaveLength(
      1,
    );
  });

  it('finishes a hold whose end passed while the bot was down, as of its end', async () => {
    h = await startHarness();
    await h.run('/hold start static-back minutes:15', h.members.alice);
    await click('Join', h.members.carol);
    await h.align.stop();
    h.clock.advanceBy(minutes(60));
    await h.restart();
    await h.align.holdTimer.runDue();
    await h.sandbox.waitForMessage((m) => m.content.includes('Well held'));
    expect((await credits()).map((c) => c.amount)).toEqual([900, 900]);
    const [session] = await h.database.db.select().from(holdSessions);
    expect(session?.finishedAt).toEqual(session?.endsAt);
  });
});
