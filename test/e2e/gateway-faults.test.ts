import { isNull } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { exerciseLogs, holdParticipants } from '../../src/db/schema.js';
import { noMetrics, type Metrics } from '../../src/shared/metrics.js';
import { createTestClock } from '../support/clock.js';
import { messageText, startHarness, stopHarnessAfterEach, type Harness } from '../support/align-harness.js';

let h: Harness;

stopHarnessAfterEach(() => h);

const logRows = async () => h.database.db.select().from(exerciseLogs);
const present = async () =>
  (await h.database.db.select().from(holdParticipants).where(isNull(holdParticipants.leftAt)))
    .map((p) => p.userId)
    .sort();

/** Metrics that remember each interaction outcome, to see what Align did with one it did not answer. */
function outcomeRecorder() {
  const outcomes: string[] = [];
  const metrics: Metrics = {
    ...noMetrics,
    interactionAnswered: (interaction, outcome) => void outcomes.push(`${interaction} ${outcome}`),
  };
  return { outcomes, metrics };
}

/** Align and the sandbox on one clock that stands still unless the test moves it. */
async function startOnOneClock(metrics?: Metrics) {
  const clock = createTestClock('2026-11-28T18:00:00Z');
  return startHarness({
    clock,
    sandbox: { now: () => clock.now().getTime() },
    ...(metrics ? { metrics: () => metrics } : {}),
  });
}

describe('commands while the bot was disconnected', () => {
  it('a /log replayed after a RESUME too late to answer is not applied; the retry logs once', async () => {
    const { outcomes, metrics } = outcomeRecorder();
    h = await startOnOneClock(metrics);
    const { alice } = h.members;
    const away = h.sandbox.dropConnections(4000, { keepOut: true });
    await vi.waitFor(() => expect(h.sandbox.sessions.every((session) => !session.socket)).toBe(true));

    const handle = h.sandbox.runCommandLine('/log pushups 30', { guild: h.guild, user: alice });
    h.clock.advanceBy(4_000);
    away.letBack();

    await vi.waitFor(() => expect(outcomes).toContain('/log stale'));
    expect(handle.callbackType).toBeNull();
    expect(await logRows()).toEqual([]);
    const retry = await h.run('/log pushups 30', alice);
    expect(messageText(retry)).toMatch(/logged 30 push-ups/);
    expect(await logRows()).toHaveLength(1);
  });

  it('a /log replayed while there is still time is answered within 3 s of its creation', async () => {
    h = await startOnOneClock();
    const { alice } = h.members;
    const away = h.sandbox.dropConnections(4000, { keepOut: true });
    await vi.waitFor(() => expect(h.sandbox.sessions.every((session) => !session.socket)).toBe(true));

    const handle = h.sandbox.runCommandLine('/log pushups 30', { guild: h.guild, user: alice });
    h.clock.advanceBy(1_000);
    away.letBack();

    // The sandbox refuses a callback later than 3 s after the interaction's creation (10062).
    expect(messageText(await handle.reply())).toMatch(/logged 30 push-ups/);
    expect(await logRows()).toHaveLength(1);
  });
});

const openHold = async () => {
  await h.run('/hold start supine-groin minutes:10 voice:Floor starts_in:2', h.members.alice);
};
const liveMessage = () => {
  const live = h.sandbox
    .messages()
    .find((message) => message.components.length > 0 && message.embeds.length > 0);
  if (!live) throw new Error('no live message');
  return live;
};

describe('voice-bound holds across gaps in the gateway', () => {
  it('after an invalidated session, whoever left voice in the gap is out and whoever came is in', async () => {
    h = await startHarness();
    const { alice, bob, carol } = h.members;
    await openHold();
    h.sandbox.joinVoice(bob, h.guild, 'Floor');
    await vi.waitFor(async () => expect(await present()).toEqual([alice.id, bob.id].sort()));

    h.sandbox.invalidateSessions();
    h.sandbox.leaveVoice(bob, h.guild);
    h.sandbox.joinVoice(carol, h.guild, 'Floor');

    await vi.waitFor(async () => expect(await present()).toEqual([alice.id, carol.id].sort()), {
      timeout: 30_000,
    });
    expect(h.sandbox.identifies).toHaveLength(2);
  });

  it('after a restart, the same: the hold follows the voice states the new session starts with', async () => {
    h = await startHarness();
    const { alice, bob, carol } = h.members;
    await openHold();
    h.sandbox.joinVoice(bob, h.guild, 'Floor');
    await vi.waitFor(async () => expect(await present()).toEqual([alice.id, bob.id].sort()));

    await h.restart(() => {
      h.sandbox.leaveVoice(bob, h.guild);
      h.sandbox.joinVoice(carol, h.guild, 'Floor');
    });

    expect(await present()).toEqual([alice.id, carol.id].sort());
  });

  it('op 7: the bot resumes, and a voice join during the reconnect still joins the hold', async () => {
    h = await startHarness();
    const { alice, bob } = h.members;
    await openHold();

    h.sandbox.requestReconnect();
    h.sandbox.joinVoice(bob, h.guild, 'Floor');

    await vi.waitFor(async () => expect(await present()).toEqual([alice.id, bob.id].sort()));
    expect(h.sandbox.identifies).toHaveLength(1);
  });

  it('a Join press replayed too late to answer is not applied', async () => {
    const { outcomes, metrics } = outcomeRecorder();
    h = await startOnOneClock(metrics);
    const { alice, bob } = h.members;
    await openHold();
    const away = h.sandbox.dropConnections(4000, { keepOut: true });
    await vi.waitFor(() => expect(h.sandbox.sessions.every((session) => !session.socket)).toBe(true));

    const press = h.sandbox.clickButton({ message: liveMessage(), label: 'Join', user: bob });
    h.clock.advanceBy(3_000);
    away.letBack();

    await vi.waitFor(() => expect(outcomes).toContain('button:hold stale'));
    expect(press.callbackType).toBeNull();
    expect(await present()).toEqual([alice.id]);
  });

  it('a member who joined by the button and was never in voice stays after a gap', async () => {
    h = await startHarness();
    const { alice, bob } = h.members;
    await openHold();
    await h.sandbox.clickButton({ message: liveMessage(), label: 'Join', user: bob }).reply();

    await h.restart();

    expect(await present()).toEqual([alice.id, bob.id].sort());
  });
});

describe('commands a real client would not send', () => {
  it('a server-only command from a DM (a modified client) gets a clear private answer', async () => {
    h = await startHarness();
    const reply = await h.sandbox
      .runCommand({
        user: h.members.alice,
        name: 'log',
        options: { exercise: 'pushups', amount: '30' },
        modifiedClient: true,
      })
      .reply();

    expect(reply.ephemeral).toBe(true);
    expect(messageText(reply)).toMatch(/works inside a server/);
    expect(await logRows()).toEqual([]);
  });

  it('an option of an unexpected type gets a clear private answer, not a fault', async () => {
    h = await startHarness();
    const reply = await h.sandbox
      .runCommand({
        guild: h.guild,
        user: h.members.alice,
        name: 'log',
        options: [
          { name: 'exercise', value: 'pushups' },
          { name: 'amount', value: 30, type: 4 },
        ],
        modifiedClient: true,
      })
      .reply();

    expect(reply.ephemeral).toBe(true);
    expect(messageText(reply)).toMatch(/couldn’t read one of the options/);
    expect(messageText(reply)).not.toMatch(/Something went wrong/);
    expect(await logRows()).toEqual([]);
  });

  it('with DEV_GUILD_ID the commands register to the server without the DM context, and run there', async () => {
    h = await startHarness({ devGuild: true });

    const registered = h.sandbox.registeredCommands(h.guild.id);
    expect(registered.map((command) => command.name)).toContain('help');
    expect(registered.every((command) => command.guild_id === h.guild.id && !command.contexts)).toBe(true);
    expect(messageText(await h.run('/log pushups 30', h.members.alice))).toMatch(/logged 30 push-ups/);
  });
});

describe('logging in', () => {
  it('two processes identifying together with max_concurrency 1: the second is refused once and comes online', async () => {
    h = await startHarness();

    const second = await h.startSecondBot();

    expect(second.client.isReady()).toBe(true);
    expect(h.sandbox.refusedIdentifies).toHaveLength(1);
    expect(h.sandbox.identifies).toHaveLength(2);
  });
});
