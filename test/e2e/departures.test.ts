import { describe, expect, it } from 'vitest';
import { reminders as remindersTable } from '../../src/db/schema.js';
import { messageText, startHarness, stopHarnessAfterEach, type Harness } from '../support/align-harness.js';

let h: Harness;
const minutes = (n: number) => n * 60_000;
const days = (n: number) => n * minutes(24 * 60);
const SendMessages = 1n << 11n;

stopHarnessAfterEach(() => h);

/** The bot's attempts to post a scheduled fire (they carry its nonce), to one channel, with Discord's answer. */
const fireAttempts = (channelId: string) =>
  h.sandbox.requests
    .filter(
      (r) =>
        r.route === 'POST /channels/:channel/messages' &&
        r.path.includes(channelId) &&
        (r.body as { nonce?: string } | undefined)?.nonce !== undefined,
    )
    .map((r) => `${r.status} ${r.code ?? ''}`.trim());

const dmChannelOf = async (userId: string) => {
  const row = (await h.database.db.select().from(remindersTable)).find((r) => r.kind === 'personal');
  expect(row?.ownerId).toBe(userId);
  return row!.channelId;
};

/** A board names a member by mention or by display name. */
const shows = (user: Harness['members']['alice']) =>
  new RegExp(`${user.id}|${user.globalName ?? user.username}`);

/** Ticks the scheduler every minute for the reminders' whole late grace (10 minutes) and a little more. */
async function tickThroughGrace() {
  for (let minute = 0; minute < 12; minute++) {
    await h.tickReminders();
    h.clock.advanceBy(minutes(1));
  }
}

describe('members who leave', () => {
  it('a member with a daily reminder leaves: one refused attempt, the reminder is off, boards leave them out', async () => {
    h = await startHarness();
    const { alice, bob } = h.members;
    await h.run('/log pushups 20', alice);
    await h.run('/log squats 30', bob);
    await h.run('/remind add when:"daily 20:30" message:"Floor time"', bob);
    const dm = await dmChannelOf(bob.id);
    h.sandbox.removeMember(h.guild, bob);

    h.clock.set('2026-11-28T20:30:00Z');
    await tickThroughGrace();

    // Bob shares no server with the bot any more: 50278, once, and never again.
    expect(fireAttempts(dm)).toEqual(['403 50278']);
    const [row] = await h.database.db.select().from(remindersTable);
    expect(row).toMatchObject({ enabled: false, disabledReason: 'you are no longer in this server' });
    h.clock.set('2026-11-29T20:30:00Z');
    await tickThroughGrace();
    expect(fireAttempts(dm)).toEqual(['403 50278']);

    const board = messageText(await h.run('/leaderboard', alice));
    expect(board).toMatch(shows(alice));
    expect(board).not.toMatch(shows(bob));
  });

  it('a member who left but shares another server with the bot, with DMs closed: one attempt, then off', async () => {
    h = await startHarness();
    const { carol } = h.members;
    await h.run('/remind add when:"daily 20:30" message:"Stretch"', carol);
    const dm = await dmChannelOf(carol.id);
    h.sandbox.createGuild({
      name: 'Elsewhere',
      owner: h.sandbox.addUser({ username: 'olga' }),
      members: [carol],
    });
    h.sandbox.closeDms(carol);
    h.sandbox.removeMember(h.guild, carol);

    h.clock.set('2026-11-28T20:30:00Z');
    await tickThroughGrace();

    // 50007 could be closed DMs alone; Discord's 10007 on the member says she left.
    expect(fireAttempts(dm)).toEqual(['403 50007']);
    expect(
      h.sandbox.requests.filter((r) => r.route === 'GET /guilds/:guild/members/:user').map((r) => r.code),
    ).toEqual([10007]);
    const [row] = await h.database.db.select().from(remindersTable);
    expect(row).toMatchObject({ enabled: false, disabledReason: 'you are no longer in this server' });
  });
});

describe('members who leave, found by the weekly board', () => {
  it('Discord’s 10007 for a member on the board: they are left out and their reminders stop before any DM', async () => {
    h = await startHarness();
    const { admin, alice, bob } = h.members;
    await h.run('/setup leaderboard channel:general day:6 time:19:00', admin);
    await h.run('/log pushups 20', alice);
    await h.run('/log squats 30', bob);
    await h.run('/remind add when:"daily 20:30" message:"Floor time"', bob);
    const dm = await dmChannelOf(bob.id);
    // Still in another server with the bot, so a DM would reach him: only the board can tell.
    h.sandbox.createGuild({
      name: 'Elsewhere',
      owner: h.sandbox.addUser({ username: 'olga' }),
      members: [bob],
    });
    h.sandbox.removeMember(h.guild, bob);

    h.clock.set('2026-11-28T19:00:00Z');
    await h.tickReminders();
    const general = h.guild.channel('general');
    const posted = h.sandbox.messages(general.id).find((m) => m.embeds.length > 0)!;
    expect(messageText(posted)).toMatch(shows(alice));
    expect(messageText(posted)).not.toMatch(shows(bob));

    h.clock.set('2026-11-28T20:30:00Z');
    await tickThroughGrace();
    expect(fireAttempts(dm)).toEqual([]);
    const [reminder] = (await h.database.db.select().from(remindersTable)).filter(
      (r) => r.kind === 'personal',
    );
    expect(reminder).toMatchObject({ enabled: false, disabledReason: 'you are no longer in this server' });
  });
});

describe('the DM says how to stop it', () => {
  it('the Stop button on the reminder’s DM switches it off, privately, from the DM', async () => {
    h = await startHarness();
    const { alice } = h.members;
    await h.run('/remind add when:"daily 20:30" message:"Static back time"', alice);
    h.clock.set('2026-11-28T20:30:00Z');
    await h.tickReminders();
    const reminder = h.sandbox.messagesFor(alice).find((m) => m.content.startsWith('⏰'))!;
    expect(reminder.content).toMatch(
      /Your reminder #1 from \*\*Back Room\*\*, every day at 20:30\. The button below stops it/,
    );
    expect(reminder.content).not.toMatch(/\/remind remove/);

    const stopped = await h.sandbox
      .clickButton({ message: reminder, label: 'Stop this reminder', user: alice })
      .reply();
    expect(stopped.ephemeral).toBe(true);
    expect(stopped.guildId).toBeNull();
    expect(messageText(stopped)).toMatch(/Reminder #1 \(“Static back time”\) is off/);

    h.clock.set('2026-11-29T20:30:00Z');
    await h.tickReminders();
    expect(h.sandbox.messagesFor(alice).filter((m) => m.content.startsWith('⏰'))).toHaveLength(1);
    expect(messageText(await h.run('/remind list', alice))).toMatch(/off: you stopped it from its DM/);
  });

  it('/remind add sends a confirmation DM that can stop it too', async () => {
    h = await startHarness();
    const { alice } = h.members;
    await h.run('/remind add when:"daily 20:30" message:"Floor time"', alice);
    const [confirmation] = h.sandbox.messagesFor(alice);
    expect(confirmation!.content).toMatch(
      /Your reminder #1 from \*\*Back Room\*\* is set, every day at 20:30/,
    );
    const stopped = await h.sandbox
      .clickButton({ message: confirmation!, label: 'Stop this reminder', user: alice })
      .reply();
    expect(messageText(stopped)).toMatch(/is off/);
  });

  it('/remind add with closed DMs says so at once and keeps nothing', async () => {
    h = await startHarness();
    const { alice } = h.members;
    h.sandbox.closeDms(alice);
    const reply = await h.run('/remind add when:"daily 20:30" message:"Floor time"', alice);
    expect(reply.ephemeral).toBe(true);
    expect(messageText(reply)).toMatch(/couldn’t send you a DM, so I didn’t save this reminder/);
    expect(messageText(await h.run('/remind list', alice))).toMatch(/no reminders/);
    expect(await h.database.db.select().from(remindersTable)).toEqual([]);
  });
});

describe('scheduled posts Discord refuses', () => {
  it('a weekly board whose channel denies the bot: three refusals a week apart, then off, and the owner is told', async () => {
    h = await startHarness();
    const { admin } = h.members;
    await h.run('/setup leaderboard channel:general', admin);
    const general = h.guild.channel('general');
    general.overwrites.push({ id: h.sandbox.botUser.id, type: 1, allow: 0n, deny: SendMessages });

    // Mondays 09:00 UTC, with ticks every minute and again hours later, within the board's six-day grace.
    for (let week = 0; week < 4; week++) {
      h.clock.set(new Date(Date.parse('2026-11-30T09:00:00Z') + days(7 * week)));
      await h.tickReminders();
      h.clock.advanceBy(minutes(1));
      await h.tickReminders();
      h.clock.advanceBy(minutes(180));
      await h.tickReminders();
    }

    expect(fireAttempts(general.id)).toEqual(['403 50013', '403 50013', '403 50013']);
    const notices = h.sandbox.messagesFor(admin).filter((m) => m.content.startsWith('⚠️'));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.content).toMatch(
      /switched off the weekly leaderboard post in \*\*Back Room\*\*.*not allowed to post in its channel.*\/setup leaderboard/,
    );
  });

  it('a server that removed the bot gets no more attempts at all', async () => {
    h = await startHarness();
    const { admin, alice } = h.members;
    await h.run('/remind add when:"daily 20:30" message:"Floor time"', alice);
    await h.run('/schedule add when:"daily 20:30" channel:general message:"Evening stretch"', admin);
    await h.run('/setup leaderboard channel:general', admin);
    const before = h.sandbox.requests.length;
    h.sandbox.removeBot(h.guild);
    await expect.poll(() => h.align.client.guilds.cache.has(h.guild.id)).toBe(false);

    for (const at of ['2026-11-28T20:30:00Z', '2026-11-30T09:00:00Z', '2026-11-30T20:30:00Z']) {
      h.clock.set(at);
      await tickThroughGrace();
    }

    expect(h.sandbox.requests.slice(before).map((r) => r.route)).toEqual([]);
  });
});
