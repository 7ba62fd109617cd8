import { isNull } from 'drizzle-orm';
import { PermissionFlagsBits as P, type VoiceChannel } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { exerciseLogs, holdParticipants, holdSessions } from '../../src/db/schema.js';
import { stopHarnessAfterEach, messageText, startHarness, type Harness } from '../support/align-harness.js';
import { liveMessageIn } from '../support/hold-views.js';

// Issue 15, end to end: sitting in a voice channel enrols nobody, and a lobby nobody stayed in closes.

let h: Harness;
const minutes = (n: number) => n * 60_000;

stopHarnessAfterEach(() => h);

const liveMessage = () => liveMessageIn(h.sandbox, h.guild);
const click = (label: 'Join' | 'Leave', user = h.members.bob) =>
  h.sandbox.clickButton({ message: liveMessage(), label, user }).reply();
const present = async () =>
  (await h.database.db.select().from(holdParticipants).where(isNull(holdParticipants.leftAt)))
    .map((p) => p.userId)
    .sort();

describe('hostile and careless members in a hold, through Discord', () => {
  it('invites, never enrols, members already in the voice channel; Join takes them in', async () => {
    h = await startHarness();
    const { alice, carol } = h.members;
    h.sandbox.joinVoice(carol, h.guild, 'Floor');
    const opened = await h.run('/hold start static-back voice:Floor', alice);
    expect(messageText(opened)).toMatch(/A hold is open in <#\d+>/);
    expect(await present()).toEqual([alice.id]);
    expect(messageText(liveMessage())).toMatch(/1 person in <#\d+> is invited: press \*\*Join\*\*/);

    const joined = await click('Join', carol);
    expect(messageText(joined)).toMatch(/You’re in/);
    expect(await present()).toEqual([alice.id, carol.id].sort());
  });

  it('closes a lobby nobody is in when it ends, logging nothing', async () => {
    h = await startHarness();
    const { alice } = h.members;
    await h.run('/hold start static-back starts_in:2', alice);
    const left = await click('Leave', alice);
    expect(left.ephemeral).toBe(true);
    h.clock.advanceBy(minutes(2));
    await h.align.holdTimer.runDue();
    const closed = await h.sandbox.waitForMessage((m) =>
      m.content.includes('Nobody was in this hold when it was due to start'),
    );
    expect(closed.allowedMentions?.users ?? []).toEqual([]);
    expect(messageText(liveMessage())).toMatch(/Closed: nobody was in it when it was due to begin/);
    expect(await h.database.db.select().from(exerciseLogs)).toEqual([]);
  });

  it('refuses, privately, a voice channel the starter can’t connect to, and opens nothing', async () => {
    h = await startHarness();
    const { alice } = h.members;
    const floor = h.sandbox.channels(h.guild).find((c) => c.name === 'Floor')!;
    h.sandbox.setChannelOverwrites(floor, [{ id: alice.id, type: 1, allow: 0n, deny: P.Connect }]);
    // Align decides from its discord.js cache: wait until the overwrite has reached it.
    await vi.waitFor(() => {
      const cached = h.align.client.channels.cache.get(floor.id) as VoiceChannel | undefined;
      expect(cached?.permissionOverwrites.cache.has(alice.id)).toBe(true);
    });
    const refused = await h.run('/hold start static-back voice:Floor', alice);
    expect(refused.ephemeral).toBe(true);
    expect(messageText(refused)).toMatch(/you can’t join <#\d+>.*\*\*Connect\*\*/);
    expect(await h.database.db.select().from(holdSessions)).toEqual([]);
  });
});
