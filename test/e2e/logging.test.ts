import { count } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exerciseLogs } from '../../src/db/schema.js';
import {
  expectDiscordAcceptedEverything,
  messageText,
  startHarness,
  type Harness,
} from '../support/align-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(async () => {
  await h.database.reset();
});
afterEach(() => {
  expectDiscordAcceptedEverything(h);
});

const logCount = async () => (await h.database.db.select({ n: count() }).from(exerciseLogs))[0]!.n;

describe('Align in a server', () => {
  it('registers its commands when it starts', () => {
    const names = h.sandbox.registeredCommands().map((command) => command.name);
    expect(names).toEqual(expect.arrayContaining(['log', 'undo', 'me', 'hold', 'timezone', 'setup', 'help']));
    const setup = h.sandbox.registeredCommands().find((command) => command.name === 'setup');
    expect(setup?.default_member_permissions).toBe('32');
  });

  it('logs push-ups in front of the channel and stores them', async () => {
    const reply = await h.run('/log pushups 30', h.members.alice);
    expect(reply.ephemeral).toBe(false);
    expect(messageText(reply)).toMatch(/Alice.* logged 30 push-ups/);
    expect(messageText(reply)).toMatch(/🥈 30 in a day/);
    const [row] = await h.database.db.select().from(exerciseLogs);
    expect(row).toMatchObject({
      userId: h.members.alice.id,
      guildId: h.guild.id,
      exercise: 'pushups',
      amount: 30,
    });
  });

  it('takes aliases, durations, notes and back-filled days', async () => {
    await h.run('/log exercise:push-ups amount:20 day:yesterday', h.members.bob);
    const reply = await h.run('/log exercise:"static back" amount:20m note:"ottoman at last"', h.members.bob);
    expect(messageText(reply)).toMatch(/20 min of static back/);
    const rows = await h.database.db.select().from(exerciseLogs);
    expect(rows.map((r) => [r.exercise, r.amount, r.localDay, r.note])).toEqual([
      ['pushups', 20, '2026-11-27', null],
      ['static-back', 1200, '2026-11-28', 'ottoman at last'],
    ]);
    expect(messageText(reply)).toMatch(/2-day streak/);
  });

  it('shows /me only to the caller, with week, all time, streak and tier', async () => {
    await h.run('/log pushups 25', h.members.carol);
    await h.run('/log pushups 20', h.members.carol);
    await h.run('/log squats 10 day:yesterday', h.members.carol);
    const me = await h.run('/me', h.members.carol);
    expect(me.ephemeral).toBe(true);
    const text = messageText(me);
    expect(text).toMatch(/Carol’s progress/);
    expect(text).toMatch(/Current streak: \*\*2\*\* days/);
    expect(text).toMatch(/Today 45 reps/);
    expect(text).toMatch(/tier best \(40\)/);
    expect(text).toMatch(/Squats/);
  });

  it('undoes the latest log, then says there is nothing left', async () => {
    await h.run('/log situps 15', h.members.alice);
    const undone = await h.run('/undo', h.members.alice);
    expect(undone.ephemeral).toBe(true);
    expect(messageText(undone)).toMatch(/Removed your log of 15 sit-ups/);
    const nothing = await h.run('/undo', h.members.alice);
    expect(nothing.ephemeral).toBe(true);
    expect(messageText(nothing)).toMatch(/nothing to undo/);
    expect(await logCount()).toBe(0);
  });

  it('autocompletes exercises with aliases and time zones', async () => {
    const exercises = await h.sandbox
      .autocomplete({
        guild: h.guild,
        user: h.members.alice,
        name: 'log',
        focused: { name: 'exercise', value: 'push-u' },
      })
      .choices();
    expect(exercises).toEqual([{ name: 'Push-ups', value: 'pushups' }]);
    const zones = await h.sandbox
      .autocomplete({
        guild: h.guild,
        user: h.members.alice,
        name: 'timezone',
        focused: { name: 'zone', value: 'Europe/Ber' },
      })
      .choices();
    expect(zones.map((z) => z.value)).toContain('Europe/Berlin');
  });

  it.each([
    ['/log burpees 10', /don’t know the exercise/],
    ['/log pushups 0', /at least 1 rep/],
    ['/log pushups -5', /whole number/],
    ['/log pushups 1e9', /whole number/],
    ['/log pushups abc', /whole number/],
    ['/log "static back" 1:99', /minutes and seconds go up to 59/],
    ['/log pushups 10000', /looks like a typo/],
    ['/log pushups 10 note:"hello @everyone"', /can’t contain mentions/],
    ['/log pushups 10 day:tomorrow', /Give the day as/],
    ['/timezone Mars/Olympus', /not a time zone I know/],
  ])('answers %s with a clear message only the caller sees, and stores nothing', async (line, message) => {
    const reply = await h.run(line, h.members.alice);
    expect(reply.ephemeral).toBe(true);
    expect(messageText(reply)).toMatch(message);
    expect(await logCount()).toBe(0);
  });

  it('never receives a 5,000-character note: the option’s max length stops it in Discord', async () => {
    const send = () =>
      h.sandbox.runCommand({
        guild: h.guild,
        user: h.members.alice,
        name: 'log',
        options: { exercise: 'pushups', amount: '10', note: 'n'.repeat(5000) },
      });
    // The bot's own check (covered by the service tests) is the second line of defence.
    expect(send).toThrow(/note must be at most 200 characters/);
    expect(await logCount()).toBe(0);
  });

  it('keeps /setup for server managers, even if a member is granted the command', async () => {
    const refused = await h.sandbox
      .runCommand({
        guild: h.guild,
        user: h.members.bob,
        name: 'setup',
        subcommand: 'timezone',
        options: { zone: 'Europe/Berlin' },
        ignoreDefaultPermissions: true,
      })
      .reply();
    expect(refused.ephemeral).toBe(true);
    expect(messageText(refused)).toMatch(/Only members who can manage this server/);
    const done = await h.run('/setup timezone Europe/Berlin', h.members.admin);
    expect(messageText(done)).toMatch(/server’s time zone is now \*\*Europe\/Berlin\*\*/);
    const mine = await h.run('/timezone', h.members.bob);
    expect(messageText(mine)).toMatch(/Europe\/Berlin.*server’s time zone/);
  });

  it('explains the program in /help', async () => {
    const help = await h.run('/help', h.members.alice);
    expect(help.ephemeral).toBe(true);
    const text = messageText(help);
    expect(text).toMatch(/20 a day is good, 30 better, 40 best/);
    expect(text).toMatch(/Push-ups.*2 per rep/);
  });
});

describe('spam', () => {
  it('answers a member past the limit with “slow down” and writes nothing more', async () => {
    const limited = await startHarness({ commandRate: { burst: 5, windowMs: 10_000 } });
    try {
      const replies = [];
      for (let i = 0; i < 8; i++) replies.push(await limited.run('/log pushups 10', limited.members.alice));
      expect(replies.slice(0, 5).every((reply) => !reply.ephemeral)).toBe(true);
      for (const reply of replies.slice(5)) {
        expect(reply.ephemeral).toBe(true);
        expect(messageText(reply)).toMatch(/Slow down/);
      }
      const rows = await limited.database.db.select({ n: count() }).from(exerciseLogs);
      expect(rows[0]!.n).toBe(5);
      expect(limited.sandbox.rejected).toEqual([]);
      // Someone else is not slowed down by Alice, and Alice is let back in after a while.
      expect((await limited.run('/log pushups 10', limited.members.bob)).ephemeral).toBe(false);
      limited.clock.advanceBy(2_000);
      expect((await limited.run('/log pushups 10', limited.members.alice)).ephemeral).toBe(false);
    } finally {
      await limited.stop();
    }
  });
});
