import { describe, expect, it } from 'vitest';
import { createTestClock } from '../support/clock.js';
import { stopHarnessAfterEach, messageText, startHarness, type Harness } from '../support/align-harness.js';

let h: Harness;

stopHarnessAfterEach(() => h);

const order = (text: string, names: string[]) => names.map((name) => text.indexOf(name));

describe('weekly leaderboard', () => {
  it('is posted once, in its channel, in the order /leaderboard shows', async () => {
    // Sunday evening, 29 November 2026.
    h = await startHarness({ clock: createTestClock('2026-11-29T19:00:00Z') });
    const { admin, alice, bob, carol } = h.members;
    const setup = await h.run('/setup leaderboard channel:general', admin);
    expect(messageText(setup)).toMatch(/every Monday at 09:00\*\* \(UTC\)/);

    for (const day of ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']) {
      await h.run(`/log squats 10 day:${day}`, bob);
    }
    for (const day of ['2026-11-27', '2026-11-28', '2026-11-29'])
      await h.run(`/log situps 25 day:${day}`, alice);
    await h.run('/log pushups 45', carol);

    const onDemand = await h.run('/leaderboard', carol);
    expect(onDemand.ephemeral).toBe(false);
    const boardOrder = order(messageText(onDemand), ['Bob', 'Alice', 'Carol']);
    expect(boardOrder.every((i) => i >= 0)).toBe(true);
    expect([...boardOrder].sort((a, b) => a - b)).toEqual(boardOrder);

    h.clock.set('2026-11-30T09:00:10Z');
    await h.tickReminders();
    await h.restart();
    await h.tickReminders();
    const general = h.sandbox.channels(h.guild).find((c) => c.name === 'general')!;
    const posts = h.sandbox.messages(general.id).filter((m) => m.embeds[0]?.title?.includes('The week of'));
    expect(posts).toHaveLength(1);
    const post = messageText(posts[0]!);
    expect(post).toMatch(/The week of 2026-11-23/);
    const postOrder = order(post.split('Highlights')[0]!, ['Bob', 'Alice', 'Carol']);
    expect([...postOrder].sort((a, b) => a - b)).toEqual(postOrder);
    expect(post).toMatch(/⬛⬛🟩🟩🟩🟩🟩/);
    expect(post).toMatch(/Push-ups: Carol \(45 reps\)/);
    expect(post).toMatch(/hit the best tier \(40\) in push-ups/);
  });

  it('is still posted when the bot was down at its time, later that week', async () => {
    h = await startHarness({ clock: createTestClock('2026-11-29T19:00:00Z') });
    await h.run('/setup leaderboard channel:general day:1 time:08:30', h.members.admin);
    await h.run('/log pushups 20', h.members.alice);
    await h.align.stop();
    h.clock.set('2026-12-01T12:00:00Z');
    await h.restart();
    await h.tickReminders();
    const posts = h.sandbox.messages().filter((m) => m.embeds[0]?.title?.includes('The week of 2026-11-23'));
    expect(posts).toHaveLength(1);
  });

  it('keeps its local day and time when the server’s time zone changes, as server schedules do', async () => {
    h = await startHarness({ clock: createTestClock('2026-11-29T19:00:00Z') });
    await h.run('/setup leaderboard channel:general', h.members.admin);
    await h.run('/schedule add when:"daily 20:30" channel:general message:"Floor time"', h.members.admin);
    await h.run('/setup timezone America/New_York', h.members.admin);
    expect(messageText(await h.run('/schedule list', h.members.admin))).toMatch(
      /every day at 20:30 \(America\/New_York\)/,
    );
    await h.run('/log pushups 20', h.members.alice);
    const posts = () => h.sandbox.messages().filter((m) => m.embeds[0]?.title?.includes('The week of'));
    h.clock.set('2026-11-30T09:00:10Z');
    await h.tickReminders();
    expect(posts()).toHaveLength(0);
    // 09:00 in New York.
    h.clock.set('2026-11-30T14:00:10Z');
    await h.tickReminders();
    expect(posts()).toHaveLength(1);
  });

  it('refuses a bad time', async () => {
    h = await startHarness();
    const reply = await h.run('/setup leaderboard channel:general time:25:99', h.members.admin);
    expect(reply.ephemeral).toBe(true);
    expect(messageText(reply)).toMatch(/HH:MM/);
  });
});
