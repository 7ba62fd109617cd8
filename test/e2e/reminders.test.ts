import { describe, expect, it } from 'vitest';
import { holdParticipants, holdSessions, reminderFires } from '../../src/db/schema.js';
import { stopHarnessAfterEach, messageText, startHarness, type Harness } from '../support/align-harness.js';

let h: Harness;
const minutes = (n: number) => n * 60_000;

stopHarnessAfterEach(() => h);

const dmsTo = (user: Harness['members']['alice']) =>
  h.sandbox.messagesFor(user).filter((m) => m.content.startsWith('⏰'));

describe('personal reminders by DM', () => {
  it('adds, lists, delivers once, and removes', async () => {
    h = await startHarness();
    const { alice } = h.members;
    await h.run('/timezone Europe/Berlin', alice);
    const added = await h.run('/remind add when:"daily 21:30" message:"Static back time"', alice);
    expect(added.ephemeral).toBe(true);
    expect(messageText(added)).toMatch(
      /Reminder \*\*#1\*\* saved: \*\*every day at 21:30\*\* \(Europe\/Berlin\)/,
    );
    expect(messageText(added).match(/<t:\d+:F>/g)).toHaveLength(3);

    const list = await h.run('/remind list', alice);
    expect(messageText(list)).toMatch(/#1\*\* every day at 21:30 \(Europe\/Berlin\)/);

    // 18:00 UTC is 19:00 in Berlin; the reminder is due at 20:30 UTC.
    await h.tickReminders();
    expect(dmsTo(alice)).toEqual([]);
    h.clock.advanceBy(minutes(150));
    await h.tickReminders();
    await h.tickReminders();
    expect(dmsTo(alice)).toHaveLength(1);
    expect(dmsTo(alice)[0]!.content).toMatch(/Static back time/);
    expect(dmsTo(alice)[0]!.allowedMentions).toEqual({ parse: [] });

    const removed = await h.run('/remind remove 1', alice);
    expect(messageText(removed)).toMatch(/Reminder #1 removed/);
    h.clock.advanceBy(minutes(24 * 60));
    await h.tickReminders();
    expect(dmsTo(alice)).toHaveLength(1);
  });

  it('stays quiet for a member who has already logged that day', async () => {
    h = await startHarness();
    const { bob } = h.members;
    await h.run('/remind add when:"daily 20:30" message:"Push-ups?" only_if_not_logged:true', bob);
    await h.run('/log pushups 25', bob);
    h.clock.advanceBy(minutes(150));
    await h.tickReminders();
    expect(dmsTo(bob)).toEqual([]);
    h.clock.advanceBy(minutes(24 * 60));
    await h.tickReminders();
    expect(dmsTo(bob)).toHaveLength(1);
  });

  it.each([
    ['when:"whenever" message:hi', /can’t read “whenever” as a schedule/],
    ['when:"* * * * *" message:hi', /at most every 15 minutes/],
    ['when:"every 5 minutes" message:hi', /from 15 minutes to 24 hours/],
    ['when:"0 30 20 * * *" message:hi', /5 fields/],
  ])('refuses %s clearly and saves nothing', async (options, message) => {
    h = await startHarness();
    const reply = await h.run(`/remind add ${options}`, h.members.alice);
    expect(reply.ephemeral).toBe(true);
    expect(messageText(reply)).toMatch(message);
    expect(messageText(await h.run('/remind list', h.members.alice))).toMatch(/no reminders/);
  });

  it('switches off after repeated closed DMs and says why in the list', async () => {
    h = await startHarness();
    const { carol } = h.members;
    await h.run('/remind add when:"daily 20:30" message:"Stretch"', carol);
    h.sandbox.closeDms(carol);
    for (let day = 0; day < 4; day++) {
      h.clock.set(new Date(Date.parse('2026-11-28T20:31:00Z') + day * minutes(24 * 60)));
      await h.tickReminders();
    }
    const fires = await h.database.db.select().from(reminderFires);
    expect(fires.map((f) => f.outcome)).toEqual(['failed', 'failed', 'failed']);
    expect(messageText(await h.run('/remind list', carol))).toMatch(/off: I could not send you a DM/);
  });
});

describe('server schedules', () => {
  it('is for server managers, posts in its channel and opens a group hold', async () => {
    h = await startHarness();
    const refused = await h.sandbox
      .runCommand({
        guild: h.guild,
        user: h.members.bob,
        name: 'schedule',
        subcommand: 'list',
        ignoreDefaultPermissions: true,
      })
      .reply();
    expect(messageText(refused)).toMatch(/Only members who can manage this server/);

    const added = await h.run(
      '/schedule add when:"daily 20:30" channel:general message:"Evening stretch, everyone" open_hold:evening-stretch',
      h.members.admin,
    );
    expect(messageText(added)).toMatch(
      /Schedule \*\*#1\*\* saved for <#\d+>: \*\*every day at 20:30\*\* \(UTC\)/,
    );
    h.clock.advanceBy(minutes(150));
    await h.tickReminders();
    const general = h.sandbox.channels(h.guild).find((c) => c.name === 'general')!;
    const posts = h.sandbox
      .messages(general.id)
      .filter((m) => m.content.includes('Evening stretch, everyone'));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.content).toMatch(/A group hold \(Evening stretch\) opens in its own channel/);
    expect(h.sandbox.channels(h.guild).some((c) => c.name === 'hold-evening-stretch')).toBe(true);
    // It waits a few minutes in its lobby, so members who see the reminder can join before it starts.
    const [session] = await h.database.db.select().from(holdSessions);
    expect(session!.startsAt.getTime() - h.clock.now().getTime()).toBeGreaterThan(minutes(4));
    // Nobody is in it until they press Join, the admin who set up the schedule included.
    expect(await h.database.db.select().from(holdParticipants)).toEqual([]);
  });
});

describe('reminder numbers', () => {
  it('counts each member’s reminders from 1, and each server’s schedules', async () => {
    h = await startHarness();
    const { admin, alice, carol } = h.members;
    await h.run('/remind add when:"daily 20:30" message:"Floor time"', alice);
    await h.run('/remind add when:"daily 21:30" message:"Stretch"', alice);
    const carols = await h.run('/remind add when:"daily 20:30" message:"Squats"', carol);
    expect(messageText(carols)).toMatch(/Reminder \*\*#1\*\* saved/);
    await h.run('/setup leaderboard channel:general', admin);
    const schedule = await h.run(
      '/schedule add when:"daily 20:30" channel:general message:"Evening stretch"',
      admin,
    );
    expect(messageText(schedule)).toMatch(/Schedule \*\*#1\*\* saved/);

    expect(messageText(await h.run('/remind remove 2', alice))).toMatch(/Reminder #2 removed/);
    const left = messageText(await h.run('/remind list', alice));
    expect(left).toMatch(/#1\*\* every day at 20:30/);
    expect(left).not.toMatch(/#2/);
    expect(messageText(await h.run('/remind list', carol))).toMatch(/#1\*\* every day at 20:30/);
  });
});

describe('exactly once across processes', () => {
  it('delivers each fire once with two bots on one database', async () => {
    h = await startHarness();
    const members = [h.members.alice, h.members.bob, h.members.carol];
    for (const member of members) await h.run('/remind add when:"daily 20:30" message:"Floor time"', member);
    const second = await h.startSecondBot();
    h.clock.advanceBy(minutes(150));
    await Promise.all([h.tickReminders(), h.tickReminders(second)]);
    await Promise.all([h.tickReminders(), h.tickReminders(second)]);
    for (const member of members) expect(dmsTo(member)).toHaveLength(1);
  });

  it('delivers once when the bot dies between sending and recording the send', async () => {
    h = await startHarness();
    await h.run('/remind add when:"daily 20:30" message:"Floor time"', h.members.alice);
    h.clock.advanceBy(minutes(150));
    await h.tickReminders();
    // As if the process had died right after Discord took the message: the fire is claimed, never settled.
    await h.database.db.update(reminderFires).set({ outcome: null, settledAt: null });
    await h.restart();
    h.clock.advanceBy(20_000);
    await h.tickReminders();
    h.clock.advanceBy(minutes(1));
    await h.tickReminders();
    const [fire] = await h.database.db.select().from(reminderFires);
    expect(fire?.outcome).toBe('sent');
    expect(dmsTo(h.members.alice)).toHaveLength(1);
    // The fire's posts carry its nonce; /remind add's confirmation DM does not.
    const attempts = h.sandbox.requests.filter(
      (r) =>
        r.route === 'POST /channels/:channel/messages' &&
        r.path.includes(dmsTo(h.members.alice)[0]!.channelId) &&
        (r.body as { nonce?: string }).nonce !== undefined,
    );
    expect(attempts).toHaveLength(2);
  });
});
