import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { exerciseLogs, holdParticipants } from '../../src/db/schema.js';
import { stopHarnessAfterEach, messageText, startHarness, type Harness } from '../support/align-harness.js';
import { liveMessageIn } from '../support/hold-views.js';

let h: Harness;

stopHarnessAfterEach(() => h);

const liveMessage = () => liveMessageIn(h.sandbox, h.guild);
const join = (user = h.members.bob) =>
  h.sandbox.clickButton({ message: liveMessage(), label: 'Join', user }).reply();
const inHold = async () =>
  (await h.database.db.select({ userId: holdParticipants.userId }).from(holdParticipants))
    .map((p) => p.userId)
    .sort();
const logsOf = async (userId: string) =>
  (await h.database.db.select({ n: count() }).from(exerciseLogs).where(eq(exerciseLogs.userId, userId)))[0]!
    .n;
const suggestions = (user = h.members.bob) =>
  h.sandbox
    .autocomplete({ guild: h.guild, user, name: 'log', focused: { name: 'exercise', value: 'push-u' } })
    .choices();

/** Bob spends his whole burst of 5 on logs. */
async function bobSpendsHisBudget() {
  for (let i = 0; i < 5; i++) {
    const reply = await h.run('/log pushups 10', h.members.bob);
    expect(reply.ephemeral).toBe(false);
  }
  expect(await logsOf(h.members.bob.id)).toBe(5);
}

describe('one budget for commands, buttons and autocomplete', () => {
  it('answers a Join press past the budget with a private “slow down”, and joins nobody', async () => {
    h = await startHarness({ commandRate: { burst: 5, windowMs: 10_000 } });
    const { alice, bob } = h.members;
    await h.run('/hold start supine-groin minutes:10 starts_in:2', alice);
    await bobSpendsHisBudget();

    const refused = await join(bob);
    expect(refused.ephemeral).toBe(true);
    expect(messageText(refused)).toMatch(/Slow down.*Nothing was done/s);
    expect(await inHold()).toEqual([alice.id]);
    expect(messageText(liveMessage())).not.toMatch(/Bob/);

    // A press costs half a command: a second's refill (half a command) lets Bob in.
    h.clock.advanceBy(1_000);
    const joined = await join(bob);
    expect(messageText(joined)).toMatch(/You’re in/);
    expect(await inHold()).toEqual([alice.id, bob.id].sort());
    expect(h.sandbox.rejected).toEqual([]);
  });

  it('spends the budget on button presses too, so presses alone are slowed down', async () => {
    h = await startHarness({ commandRate: { burst: 5, windowMs: 10_000 } });
    const { alice, bob } = h.members;
    await h.run('/hold start supine-groin minutes:10 starts_in:2', alice);
    // Ten presses at half a command each use the burst of 5; the eleventh is refused.
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(messageText(await join(bob)));
    expect(answers.slice(0, 10).every((text) => !/Slow down/.test(text))).toBe(true);
    expect(answers[10]).toMatch(/Slow down/);
    // And the presses left no command for Bob.
    const log = await h.run('/log pushups 10', bob);
    expect(messageText(log)).toMatch(/Slow down/);
    expect(await logsOf(bob.id)).toBe(0);
  });

  it('answers autocomplete past the budget with no suggestions', async () => {
    h = await startHarness({ commandRate: { burst: 5, windowMs: 10_000 } });
    await bobSpendsHisBudget();
    expect(await suggestions()).toEqual([]);
    // Someone else, within their budget, gets theirs.
    expect(await suggestions(h.members.carol)).toEqual([{ name: 'Push-ups', value: 'pushups' }]);
    // A tenth of a command's refill (0.1 s) is enough for one keystroke's suggestions.
    h.clock.advanceBy(200);
    expect(await suggestions()).toEqual([{ name: 'Push-ups', value: 'pushups' }]);
  });
});

describe('/privacy export, once every 3 minutes', () => {
  it('refuses a second copy right after the first with a private answer, and makes one 3 minutes on', async () => {
    h = await startHarness();
    const { alice } = h.members;
    await h.run('/log pushups 10', alice);
    const first = await h.run('/privacy export', alice);
    expect(first.ephemeral).toBe(true);
    expect(first.attachments.length).toBeGreaterThan(0);
    h.clock.advanceBy(60_000);
    const again = await h.run('/privacy export', alice);
    expect(again.ephemeral).toBe(true);
    expect(messageText(again)).toMatch(/made no other.*ask again in 2 minutes/s);
    expect(again.attachments).toEqual([]);
    h.clock.advanceBy(2 * 60_000);
    const later = await h.run('/privacy export', alice);
    expect(later.attachments.length).toBeGreaterThan(0);
    expect(h.sandbox.rejected).toEqual([]);
  });
});
