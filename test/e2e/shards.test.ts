import { eq } from 'drizzle-orm';
import type { Interaction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Align } from '../../src/app.js';
import { shardOf } from '../../src/core/shards.js';
import { exerciseLogs, holdSessions } from '../../src/db/schema.js';
import type { SandboxGuild, SandboxUser } from '@align/discord-sandbox';
import { createTestClock } from '../support/clock.js';
import { messageText, startHarness, stopHarnessAfterEach, type Harness } from '../support/align-harness.js';

let h: Harness;
stopHarnessAfterEach(() => h);

const minutes = (n: number) => n * 60_000;
const shardCount = 2;

/** A guild id that Discord's formula puts on the given shard. */
function idOnShard(shard: number): string {
  for (let id = 1_000_000_000_000_000_000n; ; id += 1n << 22n) {
    if (shardOf(id.toString(), shardCount) === shard) return id.toString();
  }
}

/** Which guilds each bot received interactions from. */
function interactionsSeenBy(bot: Align): string[] {
  const guilds: string[] = [];
  bot.client.on('interactionCreate', (interaction: Interaction) => guilds.push(interaction.guildId ?? 'DM'));
  return guilds;
}

describe('two processes, one shard each, one database', () => {
  it('answers each server from its own shard, sends scheduled posts once, and keeps a hold through a crash', async () => {
    // Sunday evening: the weekly boards are due Monday 09:00.
    h = await startHarness({
      clock: createTestClock('2026-11-29T19:00:00Z'),
      shards: { ids: [0], count: shardCount },
    });
    const { admin, alice, bob, carol } = h.members;
    const guilds = [
      h.sandbox.createGuild({
        name: 'Morning Crew',
        owner: admin,
        members: [alice, bob, carol],
        id: idOnShard(0),
      }),
      h.sandbox.createGuild({
        name: 'Evening Club',
        owner: admin,
        members: [alice, bob, carol],
        id: idOnShard(1),
      }),
    ] as const;
    let shardOne = await h.startSecondBot({ shards: { ids: [1], count: shardCount } });
    const bots = [h.align, shardOne];
    const seen = bots.map(interactionsSeenBy);
    const run = (guild: SandboxGuild, line: string, user: SandboxUser) =>
      h.sandbox.runCommandLine(line, { guild, user }).reply();

    expect(h.sandbox.identifies.map((identify) => identify.shard)).toEqual(
      expect.arrayContaining([
        [0, shardCount],
        [1, shardCount],
      ]),
    );
    for (const guild of guilds) {
      expect(messageText(await run(guild, '/log pushups 30', alice))).toMatch(/logged 30 push-ups/);
      await run(guild, '/setup leaderboard channel:general', admin);
    }
    await run(guilds[1], '/remind add when:"daily 20:30" message:"Floor time"', bob);
    expect(seen[0]!.every((id) => id === guilds[0].id || id === h.guild.id)).toBe(true);
    expect(seen[0]).toContain(guilds[0].id);
    expect(seen[1]!.every((id) => id === guilds[1].id)).toBe(true);
    expect(seen[1]).toContain(guilds[1].id);

    // Both processes look for due posts at the same moments: each is sent once.
    for (const at of ['2026-11-29T20:31:00Z', '2026-11-30T09:00:10Z', '2026-11-30T09:05:00Z']) {
      h.clock.set(at);
      await Promise.all(bots.map((bot) => h.tickReminders(bot)));
    }
    expect(h.sandbox.messagesFor(bob).filter((m) => m.content.includes('Floor time'))).toHaveLength(1);
    for (const guild of guilds) {
      const general = h.sandbox.channels(guild).find((c) => c.name === 'general')!;
      const boards = h.sandbox
        .messages(general.id)
        .filter((m) => m.embeds[0]?.title?.includes('The week of'));
      expect(boards).toHaveLength(1);
    }

    // A hold in the Evening Club belongs to shard 1's process.
    await run(guilds[1], '/hold start static-back minutes:10', carol);
    const holdChannel = h.sandbox.channels(guilds[1]).find((c) => c.name.startsWith('hold-'))!;
    const live = h.sandbox.messages(holdChannel.id).find((m) => m.embeds.length > 0)!;
    await h.sandbox.clickButton({ message: live, label: 'Join', user: alice }).reply();

    // Shard 1's process dies mid-hold: the other process leaves the hold alone, even past its end.
    await shardOne.client.destroy();
    h.clock.advanceBy(minutes(15));
    await h.align.holdTimer.runDue();
    const [waiting] = await h.database.db.select().from(holdSessions);
    expect(waiting?.status).toBe('open');

    // Its replacement picks the hold up and finishes it as of its end, crediting each member once.
    shardOne = await h.startSecondBot({ shards: { ids: [1], count: shardCount } });
    await shardOne.holdTimer.runDue();
    await shardOne.holdTimer.runDue();
    await h.sandbox.waitForMessage((m) => m.channelId === holdChannel.id && m.content.includes('Well held'));
    const credits = await h.database.db.select().from(exerciseLogs).where(eq(exerciseLogs.source, 'hold'));
    expect(credits.map((log) => [log.userId, log.amount]).sort()).toEqual(
      [
        [alice.id, 600],
        [carol.id, 600],
      ].sort(),
    );
  });
});
