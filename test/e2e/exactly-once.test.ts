import { PermissionFlagsBits as P } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { reminderFires } from '../../src/db/schema.js';
import type { Metrics } from '../../src/shared/metrics.js';
import { noMetrics } from '../../src/shared/metrics.js';
import { createTestClock } from '../support/clock.js';
import { createDatabasePlug, databaseServer } from '../support/database-plug.js';
import { expectDiscordAcceptedEverything, startHarness, type Harness } from '../support/align-harness.js';

// Discord remembers an enforced nonce for "the past few minutes"; the sandbox for 2, on the test clock.
// A crash between Discord taking a post and the bot recording it is played by clearing the record.

let h: Harness;
const stopped = new WeakSet<Harness>();
/** Checks Discord accepted everything and stops the bot; once per test, whoever calls it first. */
async function stopBot() {
  if (!h || stopped.has(h)) return;
  stopped.add(h);
  expectDiscordAcceptedEverything(h);
  await h.stop();
}
afterEach(stopBot);
const minutes = (n: number) => n * 60_000;

const dmsTo = (user: Harness['members']['alice']) =>
  h.sandbox.messagesFor(user).filter((m) => m.content.startsWith('⏰'));
const boards = () => h.sandbox.messages().filter((m) => m.embeds[0]?.title?.includes('The week of'));
const fires = () => h.database.db.select().from(reminderFires);
const forgetSettling = () =>
  h.database.db.update(reminderFires).set({ outcome: null, settledAt: null, messageId: null });

/** Counts what the bot says about fires it re-claimed after a crash. */
function recoveries() {
  const seen: string[] = [];
  const metrics = (): Metrics => ({ ...noMetrics, fireRecovered: (how) => void seen.push(how) });
  return { seen, metrics };
}

describe('a crash between Discord taking a post and the bot recording it', () => {
  for (const [after, how] of [
    [1, 'resent'],
    [5, 'found'],
    [120, 'found'],
  ] as const) {
    it(`delivers a reminder once when the bot is back ${after} minutes later`, async () => {
      const recovered = recoveries();
      h = await startHarness({ metrics: recovered.metrics });
      await h.run('/remind add when:"daily 20:30" message:"Floor time"', h.members.alice);
      h.clock.set('2026-11-28T20:30:05Z');
      await h.tickReminders();
      await forgetSettling();
      await h.restart();
      h.clock.advanceBy(minutes(after) + 5_000);
      await h.tickReminders();
      await h.tickReminders();

      expect(dmsTo(h.members.alice)).toHaveLength(1);
      const [fire] = await fires();
      expect(fire).toMatchObject({ outcome: 'sent', messageId: dmsTo(h.members.alice)[0]!.id });
      expect(recovered.seen).toEqual([how]);
      expectDiscordAcceptedEverything(h);
    });

    it(`posts the weekly board once when the bot is back ${after} minutes later`, async () => {
      const recovered = recoveries();
      h = await startHarness({ clock: createTestClock('2026-11-29T19:00:00Z'), metrics: recovered.metrics });
      await h.run('/setup leaderboard channel:general', h.members.admin);
      await h.run('/log pushups 20', h.members.alice);
      h.clock.set('2026-11-30T09:00:05Z');
      await h.tickReminders();
      // Members chat in the channel meanwhile: the look reads past them.
      for (let i = 0; i < 30; i++) h.sandbox.say(h.members.bob, h.guild.channel('general'), `nice ${i}`);
      await forgetSettling();
      await h.restart();
      h.clock.advanceBy(minutes(after) + 5_000);
      await h.tickReminders();
      await h.tickReminders();

      expect(boards()).toHaveLength(1);
      expect((await fires())[0]).toMatchObject({ outcome: 'sent', messageId: boards()[0]!.id });
      expect(recovered.seen).toEqual([how]);
    });
  }

  it('settles a fire as unknown, and posts nothing, where the bot may not read back', async () => {
    const recovered = recoveries();
    h = await startHarness({ clock: createTestClock('2026-11-29T19:00:00Z'), metrics: recovered.metrics });
    await h.run('/setup leaderboard channel:general', h.members.admin);
    h.clock.set('2026-11-30T09:00:05Z');
    await h.tickReminders();
    await forgetSettling();
    h.sandbox.setChannelOverwrites(h.guild.channel('general'), [
      { id: h.sandbox.botUser.id, type: 1, allow: 0n, deny: P.ReadMessageHistory },
    ]);
    await h.restart();
    h.clock.advanceBy(minutes(5));
    await h.tickReminders();
    await h.tickReminders();

    expect(boards()).toHaveLength(1);
    expect((await fires())[0]?.outcome).toBe('unknown');
    expect(recovered.seen).toEqual(['unknown']);
    // Looking was not even tried: a refused or empty read would say nothing.
    expect(h.sandbox.requests.filter((r) => r.route === 'GET /channels/:channel/messages')).toHaveLength(0);
  });
});

const { url: serverUrl, answers: serverAnswers } = await databaseServer();

describe.runIf(serverAnswers)('a database outage right after a post', () => {
  async function withPlug() {
    const server = new URL(serverUrl);
    const plug = await createDatabasePlug({ host: server.hostname, port: Number(server.port || 5432) });
    return plug;
  }

  for (const what of ['reminder', 'weekly board'] as const) {
    it(`delivers the ${what} once when the database is gone for 5 minutes`, async () => {
      const plug = await withPlug();
      try {
        h = await startHarness({
          clock: createTestClock('2026-11-29T19:00:00Z'),
          databaseServerUrl: serverUrl,
          botDatabaseUrl: (url) => plug.route(url),
        });
        if (what === 'reminder') {
          await h.run('/remind add when:"daily 20:30" message:"Floor time"', h.members.alice);
          h.clock.set('2026-11-29T20:30:05Z');
        } else {
          await h.run('/setup leaderboard channel:general', h.members.admin);
          h.clock.set('2026-11-30T09:00:05Z');
        }
        const posted = h.sandbox.waitForMessage(
          (m) => m.content.startsWith('⏰') || (m.embeds[0]?.title?.includes('The week of') ?? false),
        );
        const sending = h.tickReminders();
        await posted;
        plug.pull('refuse');
        h.clock.advanceBy(minutes(5));
        // Ticks while the database is gone change nothing.
        await h.align.reminderDispatcher.tick();
        plug.restore();
        await h.align.reminderDispatcher.tick();
        await sending;
        h.clock.advanceBy(minutes(2));
        await h.tickReminders();

        const sent = what === 'reminder' ? dmsTo(h.members.alice) : boards();
        expect(sent).toHaveLength(1);
        const [fire] = await h.database.db.select().from(reminderFires);
        expect(fire).toMatchObject({ outcome: 'sent', messageId: sent[0]!.id });
        const nonced = h.sandbox.requests.filter(
          (r) =>
            r.route === 'POST /channels/:channel/messages' &&
            (r.body as { nonce?: string }).nonce !== undefined,
        );
        expect(nonced).toHaveLength(1);
      } finally {
        await stopBot();
        await plug.close();
      }
    });
  }
});

describe('the weekly board, once per server-week', () => {
  const start = async () => {
    h = await startHarness({ clock: createTestClock('2026-11-29T19:00:00Z') });
    await h.run('/setup leaderboard channel:general', h.members.admin);
    await h.run('/log pushups 20', h.members.alice);
  };
  /** Ticks every half hour to the week's end, as the running bot would. */
  const tickThrough = async (until: string) => {
    while (h.clock.now() < new Date(until)) {
      await h.tickReminders();
      h.clock.advanceBy(minutes(30));
    }
  };
  const weekOf = (day: string) => boards().filter((m) => m.embeds[0]!.title!.includes(`The week of ${day}`));

  it('moving east before the post: the board that would have been skipped is posted at once', async () => {
    await start();
    h.clock.set('2026-11-30T08:00:00Z');
    // 17:00 in Tokyo: Monday 09:00 there has passed.
    await h.run('/setup timezone Asia/Tokyo', h.members.admin);
    await h.tickReminders();
    expect(weekOf('2026-11-23')).toHaveLength(1);
    await tickThrough('2026-12-06T14:00:00Z');
    expect(boards()).toHaveLength(1);
  });

  it('moving west after the post: no second board that week', async () => {
    await start();
    h.clock.set('2026-11-30T09:00:05Z');
    await h.tickReminders();
    h.clock.set('2026-11-30T10:00:00Z');
    await h.run('/setup timezone America/New_York', h.members.admin);
    await tickThrough('2026-12-07T04:00:00Z');
    expect(weekOf('2026-11-23')).toHaveLength(1);
    expect(boards()).toHaveLength(1);
  });

  it('east before the post and west again after it, in one week: one board', async () => {
    await start();
    h.clock.set('2026-11-30T08:00:00Z');
    await h.run('/setup timezone Pacific/Kiritimati', h.members.admin);
    await h.tickReminders();
    h.clock.set('2026-11-30T12:00:00Z');
    await h.run('/setup timezone Pacific/Pago_Pago', h.members.admin);
    await tickThrough('2026-12-07T08:00:00Z');
    expect(weekOf('2026-11-23')).toHaveLength(1);
    expect(boards()).toHaveLength(1);
  });

  it('a bot down from Monday 08:00 to Sunday 10:00 posts that week’s board when back', async () => {
    await start();
    h.clock.set('2026-11-30T08:00:00Z');
    await h.restart(() => h.clock.set('2026-12-06T10:00:00Z'));
    await h.tickReminders();
    expect(weekOf('2026-11-23')).toHaveLength(1);
  });

  it('a Sunday board missed from 08:00 to 10:00 goes out at 10:00, and not after its week', async () => {
    h = await startHarness({ clock: createTestClock('2026-11-29T07:00:00Z') });
    await h.run('/setup leaderboard channel:general day:7 time:09:00', h.members.admin);
    h.clock.set('2026-11-29T08:00:00Z');
    await h.restart(() => h.clock.set('2026-11-29T10:00:00Z'));
    await h.tickReminders();
    expect(weekOf('2026-11-23')).toHaveLength(1);

    // Down across the end of the next week: that board is past its week and is not posted late.
    h.clock.set('2026-12-06T08:00:00Z');
    await h.restart(() => h.clock.set('2026-12-07T00:30:00Z'));
    await h.tickReminders();
    expect(weekOf('2026-11-30')).toHaveLength(0);
  });
});
