import { describe, expect, it } from 'vitest';
import { stopHarnessAfterEach, messageText, startHarness, type Harness } from '../support/align-harness.js';

let h: Harness;
const minutes = (n: number) => n * 60_000;

stopHarnessAfterEach(() => h);

const dmsTo = (user: Harness['members']['alice']) =>
  h.sandbox.messagesFor(user).filter((m) => m.content.startsWith('⏰'));
const shownTimes = (text: string) => [...text.matchAll(/<t:(\d+):F>/g)].map((m) => Number(m[1]) * 1000);

describe('schedules in real time, through Discord', () => {
  it('sends `every 45 minutes` 45 minutes apart from when it was set, shown as it will fire', async () => {
    h = await startHarness();
    const { alice } = h.members;
    const setAt = h.clock.now().getTime();
    const added = await h.run('/remind add when:"every 45 minutes" message:"Stand up and stretch"', alice);
    expect(messageText(added)).toMatch(/every 45 minutes around the clock, counted from \d\d:\d\d/);
    const anchor = Math.floor(setAt / minutes(1)) * minutes(1);
    expect(shownTimes(messageText(added))).toEqual([1, 2, 3].map((k) => anchor + k * minutes(45)));
    h.clock.set(new Date(anchor + minutes(45) + 5_000));
    await h.tickReminders();
    await h.tickReminders();
    expect(dmsTo(alice)).toHaveLength(1);
    // Not 15 minutes later, as `*/45` did at :00.
    h.clock.set(new Date(anchor + minutes(60) + 5_000));
    await h.tickReminders();
    expect(dmsTo(alice)).toHaveLength(1);
    h.clock.set(new Date(anchor + minutes(90) + 5_000));
    await h.tickReminders();
    await h.tickReminders();
    expect(dmsTo(alice)).toHaveLength(2);
  });

  it.each([
    ['0 0 31 2 *', /never fires: February has no 31st/],
    ['*/0 * * * *', /a step \(the number after `\/`\) must be at least 1/],
    ['0 9 L * *', /`L` in cron expressions .* isn’t supported/],
    ['every 0 minutes', /from 15 minutes to 24 hours/],
  ])('refuses %j naming the real problem', async (when, text) => {
    h = await startHarness();
    const reply = await h.run(`/remind add when:"${when}" message:hi`, h.members.alice);
    expect(reply.ephemeral).toBe(true);
    expect(messageText(reply)).toMatch(text);
    expect(messageText(await h.run('/remind list', h.members.alice))).toMatch(/no reminders/);
  });
});
