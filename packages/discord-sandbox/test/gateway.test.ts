import { ChannelType, Events, GatewayIntentBits, type VoiceState } from 'discord.js';
import { describe, expect, test, vi } from 'vitest';
import { manualClock, startSandbox, startTinyBot, startWorld } from './tiny-bot.js';

describe('gateway', () => {
  test('READY and GUILD_CREATE give discord.js a usable guild with roles, channels and the bot member', async () => {
    const { sandbox, guild, alice } = await startWorld();
    const client = await startTinyBot(sandbox);

    expect(client.user.id).toBe(sandbox.botUser.id);
    expect(client.application.id).toBe(sandbox.applicationId);
    const cached = client.guilds.cache.get(guild.id);
    expect(cached?.available).toBe(true);
    expect(cached?.ownerId).toBe(alice.id);
    expect(cached?.roles.everyone.id).toBe(guild.id);
    expect(cached?.members.me?.id).toBe(sandbox.botUser.id);
    const general = cached?.channels.cache.find((channel) => channel.name === 'general');
    expect(general?.type).toBe(ChannelType.GuildText);
    expect(general?.parent?.name).toBe('Text Channels');
    expect(cached?.channels.cache.find((channel) => channel.name === 'General')?.type).toBe(
      ChannelType.GuildVoice,
    );
    expect(sandbox.identifies).toEqual([expect.objectContaining({ intents: 129, shard: [0, 1] })]);
  });

  test('a guild created after the bot connected arrives as GUILD_CREATE', async () => {
    const sandbox = await startSandbox();
    const client = await startTinyBot(sandbox);
    const owner = sandbox.addUser({ username: 'carol' });
    const arrived = new Promise((resolve) => client.once(Events.GuildCreate, resolve));

    const guild = sandbox.createGuild({ name: 'Late', owner, channels: [{ name: 'lobby', type: 'text' }] });

    await arrived;
    expect(client.guilds.cache.get(guild.id)?.channels.cache.map((channel) => channel.name)).toEqual([
      'lobby',
    ]);
  });

  test('a bot removed from a guild gets GuildDelete, an outage GuildUnavailable, and a re-invite GuildCreate', async () => {
    const { sandbox, guild } = await startWorld();
    const client = await startTinyBot(sandbox);
    const seen: string[] = [];
    client.on(Events.GuildDelete, (g) => seen.push(`delete ${g.id} available=${g.available}`));
    client.on(Events.GuildUnavailable, (g) => seen.push(`unavailable ${g.id}`));
    client.on(Events.GuildAvailable, (g) => seen.push(`available ${g.id}`));
    client.on(Events.GuildCreate, (g) => seen.push(`create ${g.id}`));

    const outage = sandbox.guildOutage(guild);
    await expect.poll(() => seen).toEqual([`unavailable ${guild.id}`]);
    outage.back();
    await expect.poll(() => seen).toHaveLength(2);
    sandbox.removeBot(guild);
    await expect.poll(() => seen).toHaveLength(3);
    expect(client.guilds.cache.has(guild.id)).toBe(false);
    expect(() => sandbox.guild(guild.id)).toThrow(/no guild/);
    sandbox.addBotBack(guild);
    await expect.poll(() => seen).toHaveLength(4);

    expect(seen).toEqual([
      `unavailable ${guild.id}`,
      `available ${guild.id}`,
      `delete ${guild.id} available=true`,
      `create ${guild.id}`,
    ]);
    expect(client.guilds.cache.get(guild.id)?.channels.cache.size).toBeGreaterThan(0);
  });

  test('voice state updates reach a bot with GuildVoiceStates and not one without', async () => {
    const { sandbox, guild, bob, floor } = await startWorld();
    const withVoice = await startTinyBot(sandbox);
    await startTinyBot(sandbox, { intents: [GatewayIntentBits.Guilds] });
    const joined = new Promise<VoiceState>((resolve) =>
      withVoice.once(Events.VoiceStateUpdate, (_old, now) => resolve(now)),
    );

    sandbox.joinVoice(bob, guild, floor);

    const state = await joined;
    expect(state.channelId).toBe(floor.id);
    expect(state.member?.user.username).toBe('bob');
    const [voiceSession, guildsOnly] = sandbox.sessions;
    expect(voiceSession?.sent.map((event) => event.t)).toContain('VOICE_STATE_UPDATE');
    expect(guildsOnly?.sent.map((event) => event.t)).not.toContain('VOICE_STATE_UPDATE');

    const left = new Promise<VoiceState>((resolve) =>
      withVoice.once(Events.VoiceStateUpdate, (_old, now) => resolve(now)),
    );
    sandbox.leaveVoice(bob, guild);
    expect((await left).channelId).toBeNull();
  });

  test('each shard receives only its own guilds', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1));
    const sandbox = await startSandbox({ now: clock.now, shards: 2, maxConcurrency: 2 });
    const owner = sandbox.addUser({ username: 'dana' });
    const even = sandbox.createGuild({ name: 'Even', owner });
    clock.advance(1); // a snowflake one millisecond later lands on the other shard
    const odd = sandbox.createGuild({ name: 'Odd', owner });

    const client = await startTinyBot(sandbox, { shards: 'auto' });

    const shardOf = (id: string) => Number((BigInt(id) >> 22n) % 2n);
    expect(shardOf(even.id)).not.toBe(shardOf(odd.id));
    expect(client.guilds.cache.get(even.id)?.shardId).toBe(shardOf(even.id));
    expect(client.guilds.cache.get(odd.id)?.shardId).toBe(shardOf(odd.id));
    for (const session of sandbox.sessions) {
      const created = session.sent
        .filter((event) => event.t === 'GUILD_CREATE')
        .map((event) => (event.d as { id: string }).id);
      expect(created.map(shardOf)).toEqual([session.shard[0]]);
    }
  });

  test('a dropped connection resumes and replays what happened meanwhile', async () => {
    const { sandbox, alice } = await startWorld();
    const client = await startTinyBot(sandbox);
    const resumed = new Promise((resolve) => client.once(Events.ShardResume, resolve));

    sandbox.dropConnections(4000);
    const missed = sandbox.createGuild({ name: 'Created while away', owner: alice });

    await resumed;
    await vi.waitFor(() => expect(client.guilds.cache.has(missed.id)).toBe(true));
    expect(sandbox.identifies).toHaveLength(1);
  });

  test('heartbeats are acknowledged', async () => {
    const sandbox = await startSandbox({ heartbeatIntervalMs: 50 });
    const client = await startTinyBot(sandbox);
    await vi.waitFor(() => expect(client.ws.ping).toBeGreaterThanOrEqual(0), { timeout: 1000 });
  });

  test('privileged intents are refused like on Discord', async () => {
    const sandbox = await startSandbox();
    await expect(
      startTinyBot(sandbox, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers] }),
    ).rejects.toThrow(/disallowed intents/i);
  });
});
