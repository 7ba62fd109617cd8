import { PermissionFlagsBits as P } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import {
  BOT_DEFAULT_PERMISSIONS,
  type SandboxChannel,
  type SandboxGuild,
  type SandboxUser,
} from '@align/discord-sandbox';
import { createTestClock } from '../support/clock.js';
import { messageText, startHarness, stopHarnessAfterEach, type Harness } from '../support/align-harness.js';
import { holdChannelIn, liveMessageIn } from '../support/hold-views.js';

let h: Harness;
const minutes = (n: number) => n * 60_000;

stopHarnessAfterEach(() => h);

const refused = () => h.sandbox.requests.filter((request) => request.status >= 400 && request.status < 500);
const sees = (user: SandboxUser, channel: SandboxChannel) =>
  (h.sandbox.permissionsOf(user, channel) & P.ViewChannel) === P.ViewChannel;
const holdIn = (guild: SandboxGuild = h.guild) => holdChannelIn(h.sandbox, guild);
const liveMessage = (guild: SandboxGuild = h.guild) => liveMessageIn(h.sandbox, guild);
/** Waits until Align's discord.js cache shows what the sandbox was just told. */
const botSees = (check: (me: NonNullable<ReturnType<typeof botMember>>) => boolean, guild = h.guild) =>
  vi.waitFor(() => expect(check(botMember(guild)!)).toBe(true));
const botMember = (guild: SandboxGuild) => h.align.client.guilds.cache.get(guild.id)?.members.me;
const botCan = (guild: SandboxGuild, channelId: string, flag: bigint) =>
  h.align.client.guilds.cache
    .get(guild.id)
    ?.channels.cache.get(channelId)
    ?.permissionsFor(botMember(guild)!)
    ?.has(flag) ?? false;
const bot = () => ({ id: h.sandbox.botUser.id, type: 1 as const });
const everyone = () => ({ id: h.guild.id, type: 0 as const });
const advance = async (ms: number) => {
  h.clock.advanceBy(ms);
  await h.align.holdTimer.runDue();
};

describe('a hold channel has the audience of the channel it was started in', () => {
  it('in a members-only channel of a public category, only those members see the hold', async () => {
    h = await startHarness();
    const { alice, carol } = h.members;
    const members = h.sandbox.createRole(h.guild, { name: 'Members' });
    h.sandbox.giveRole(h.guild, alice, members);
    const lounge = h.sandbox.addChannel(h.guild, { name: 'lounge', parent: 'Exercise' });
    h.sandbox.setChannelOverwrites(lounge, [
      { ...everyone(), allow: 0n, deny: P.ViewChannel },
      { id: members, type: 0, allow: P.ViewChannel, deny: 0n },
      { ...bot(), allow: P.ViewChannel, deny: 0n },
    ]);
    await botSees(() => botCan(h.guild, lounge.id, P.ViewChannel));

    const opened = await h.run('/hold start static-back', alice, lounge.id);

    expect(messageText(opened)).toMatch(/A hold is open in/);
    const hold = holdIn();
    expect(hold.parentId).toBe(h.guild.channel('Exercise').id);
    expect(sees(alice, hold)).toBe(true);
    expect(sees(carol, hold)).toBe(false);
    expect(sees(h.sandbox.botUser, hold)).toBe(true);
    expect(refused()).toEqual([]);
  });

  it('in a public channel of a private category, everyone who sees the channel sees the hold', async () => {
    h = await startHarness();
    const { alice, carol } = h.members;
    const category = h.sandbox.addChannel(h.guild, { name: 'Quiet corner', type: 'category' });
    h.sandbox.setChannelOverwrites(category, [
      { ...everyone(), allow: 0n, deny: P.ViewChannel },
      { ...bot(), allow: P.ViewChannel, deny: 0n },
    ]);
    const open = h.sandbox.addChannel(h.guild, { name: 'open-floor', parent: 'Quiet corner' });
    h.sandbox.setChannelOverwrites(open, []);
    await botSees(
      () => botCan(h.guild, open.id, P.ViewChannel) && botCan(h.guild, category.id, P.ViewChannel),
    );

    await h.run('/hold start static-back', alice, open.id);

    const hold = holdIn();
    expect(hold.parentId).toBe(category.id);
    expect(sees(carol, hold)).toBe(true);
    expect(refused()).toEqual([]);
  });

  it('from a thread, the hold goes in the parent channel’s category with its audience', async () => {
    h = await startHarness();
    const general = h.guild.channel('general');
    const thread = h.sandbox.startThread(general, { name: 'back chat', by: h.members.alice });
    await vi.waitFor(() => expect(h.align.client.channels.cache.has(thread.id)).toBe(true));

    const opened = await h.run('/hold start static-back', h.members.alice, thread.id);

    expect(messageText(opened)).toMatch(/A hold is open in/);
    expect(holdIn().parentId).toBe(h.guild.channel('Exercise').id);
    expect(holdIn().type).toBe(0);
    expect(refused()).toEqual([]);
  });
});

describe('Align asks its own permissions before acting', () => {
  it('opens a thread instead when the hold category hides itself from the bot', async () => {
    h = await startHarness();
    const hidden = h.sandbox.addChannel(h.guild, { name: 'Holds', type: 'category' });
    h.sandbox.setChannelOverwrites(hidden, [{ ...bot(), allow: 0n, deny: P.ViewChannel }]);
    await botSees(() => !botCan(h.guild, hidden.id, P.ViewChannel));
    await h.run(`/setup holds category:${hidden.id}`, h.members.admin);

    const opened = await h.run('/hold start static-back', h.members.alice);

    expect(messageText(opened)).toMatch(/A hold is open in/);
    expect(holdIn().type).toBe(11);
    expect(holdIn().parentId).toBe(h.guild.channel('general').id);
    expect(refused()).toEqual([]);
  });

  it('in a full category, opens a thread; with no thread allowed either, says why', async () => {
    h = await startHarness();
    // Exercise holds #general and Floor: 48 more make Discord's 50.
    for (let index = 1; index <= 48; index += 1) {
      h.sandbox.addChannel(h.guild, { name: `room-${index}`, parent: 'Exercise' });
    }
    const general = h.guild.channel('general');
    await vi.waitFor(() =>
      expect(h.align.client.guilds.cache.get(h.guild.id)?.channels.cache.size).toBeGreaterThanOrEqual(51),
    );

    await h.run('/hold start static-back', h.members.alice);
    expect(holdIn().type).toBe(11);

    h.sandbox.setChannelOverwrites(general, [{ ...bot(), allow: 0n, deny: P.CreatePublicThreads }]);
    await botSees(() => !botCan(h.guild, general.id, P.CreatePublicThreads));
    const other = h.sandbox.addChannel(h.guild, { name: 'stretching', type: 'text' });
    h.sandbox.setChannelOverwrites(other, [{ ...bot(), allow: 0n, deny: P.CreatePublicThreads }]);
    await h.run(`/setup holds category:${h.guild.channel('Exercise').id}`, h.members.admin);
    await botSees(() => !botCan(h.guild, other.id, P.CreatePublicThreads));

    const answer = await h.run('/hold start superman', h.members.bob, other.id);

    expect(answer.ephemeral).toBe(true);
    expect(messageText(answer)).toMatch(/already has 50 channels, as many as Discord allows/);
    expect(refused()).toEqual([]);
  });

  it('refuses the weekly board at /setup where it may not embed, and a schedule where it may not post', async () => {
    h = await startHarness();
    const board = h.sandbox.addChannel(h.guild, { name: 'board', parent: 'Exercise' });
    h.sandbox.setChannelOverwrites(board, [{ ...everyone(), allow: 0n, deny: P.EmbedLinks }]);
    const news = h.sandbox.addChannel(h.guild, { name: 'news', parent: 'Exercise' });
    h.sandbox.setChannelOverwrites(news, [{ ...bot(), allow: 0n, deny: P.SendMessages }]);
    await botSees(
      () => !botCan(h.guild, board.id, P.EmbedLinks) && !botCan(h.guild, news.id, P.SendMessages),
    );

    const setup = await h.run(`/setup leaderboard channel:${board.id}`, h.members.admin);
    const schedule = await h.run(
      `/schedule add when:"daily 20:30" channel:${news.id} message:"Time to stretch"`,
      h.members.admin,
    );

    expect(setup.ephemeral).toBe(true);
    expect(messageText(setup)).toMatch(
      new RegExp(`can’t post in <#${board.id}>: I need \\*\\*Embed Links\\*\\*`),
    );
    expect(schedule.ephemeral).toBe(true);
    expect(messageText(schedule)).toMatch(/I need \*\*Send Messages\*\* there/);
    const list = await h.run('/schedule list', h.members.admin);
    expect(messageText(list)).toMatch(/No schedules yet/);
    expect(refused()).toEqual([]);
  });

  it('meets 100 /hold starts in 20 servers without Manage Channels or Create Public Threads with no refused request', async () => {
    h = await startHarness();
    const servers = Array.from({ length: 20 }, (_, index) => {
      const member = h.sandbox.addUser({ username: `member${index}` });
      const guild = h.sandbox.createGuild({
        name: `Server ${index}`,
        owner: h.members.admin,
        members: [member],
      });
      h.sandbox.setBotPermissions(guild, BOT_DEFAULT_PERMISSIONS & ~P.ManageChannels);
      h.sandbox.setChannelOverwrites(guild.channel('general'), [
        { id: h.sandbox.botUser.id, type: 1, allow: 0n, deny: P.CreatePublicThreads },
      ]);
      return { guild, member };
    });
    for (const { guild } of servers) {
      await botSees(
        (me) =>
          !me.permissions.has(P.ManageChannels) &&
          !botCan(guild, guild.channel('general').id, P.CreatePublicThreads),
        guild,
      );
    }

    const answers = await Promise.all(
      servers.map(async ({ guild, member }) => {
        const texts: string[] = [];
        for (let attempt = 0; attempt < 5; attempt += 1) {
          const answer = await h.sandbox
            .runCommandLine('/hold start static-back', { guild, user: member, channel: 'general' })
            .reply();
          expect(answer.ephemeral).toBe(true);
          texts.push(messageText(answer));
        }
        return texts;
      }),
    );

    expect(answers.flat()).toHaveLength(100);
    for (const text of answers.flat()) {
      expect(text).toMatch(/I can’t open a hold here\. For a hold channel I need \*\*Manage Channels\*\*/);
      expect(text).toMatch(/for a thread instead, \*\*Create Public Threads\*\* in this channel/);
    }
    // Refused from the cache, before any deferral: nothing public appeared, not even for a moment.
    expect(
      h.sandbox.requests.filter(
        (r) => r.route.includes('/callback') && (r.body as { type?: number }).type === 5,
      ),
    ).toEqual([]);
    // Discord's 10,000 invalid requests per 10 minutes are spent on nothing here.
    expect(refused().length).toBeLessThanOrEqual(20);
    expect(refused()).toEqual([]);
  });
});

describe('a hold in a thread', () => {
  it('keeps its live message editable through a 90-minute hold, longer than an hour without a new message', async () => {
    const clock = createTestClock('2026-11-28T18:00:00Z');
    h = await startHarness({ clock, sandbox: { now: () => clock.now().getTime() } });
    h.sandbox.setBotPermissions(h.guild, BOT_DEFAULT_PERMISSIONS & ~P.ManageChannels);
    await botSees((me) => !me.permissions.has(P.ManageChannels));

    await h.run('/hold start static-back minutes:90', h.members.alice);
    expect(holdIn().type).toBe(11);
    const before = messageText(liveMessage());
    for (let minute = 0; minute < 75; minute += 5) await advance(minutes(5));
    await vi.waitFor(() => expect(messageText(liveMessage())).not.toBe(before));
    const at75 = liveMessage().editedAt;
    await advance(minutes(5));
    await vi.waitFor(() => expect(liveMessage().editedAt).toBeGreaterThan(at75 ?? 0));
    expect(h.sandbox.channel(holdIn().id)?.archived).toBe(false);

    await advance(minutes(10));
    await h.sandbox.waitForMessage((m) => m.channelId === holdIn().id && m.content.includes('Well held'));
    expect(refused()).toEqual([]);
  });

  it('reopens its thread when Discord archived it anyway, and edits the live message', async () => {
    const clock = createTestClock('2026-11-28T18:00:00Z');
    h = await startHarness({ clock, sandbox: { now: () => clock.now().getTime() } });
    h.sandbox.setBotPermissions(h.guild, BOT_DEFAULT_PERMISSIONS & ~P.ManageChannels);
    await botSees((me) => !me.permissions.has(P.ManageChannels));
    await h.run('/hold start static-back', h.members.alice);
    await advance(0);
    await h.sandbox.waitForMessage((m) => m.content.includes('Starting now'));
    const thread = h.sandbox.channel(holdIn().id)!;
    // As a moderator's archive, or a shorter duration set by hand, would leave it.
    thread.archived = true;
    const before = liveMessage().editCount;

    await advance(minutes(5));

    await vi.waitFor(() => expect(liveMessage().editCount).toBeGreaterThan(before));
    expect(thread.archived).toBe(false);
    expect(refused().map((request) => request.code)).toEqual([50083]);
  });
});
