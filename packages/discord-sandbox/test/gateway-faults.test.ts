import { DiscordAPIError, Events, SlashCommandBuilder, type VoiceState } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { manualClock, startTinyBot, startWorld } from './tiny-bot.js';

// Gateway faults as Discord has them (docs/events/gateway.mdx): an invalid session (op 9, d:false)
// cannot be resumed, so the events of the gap are lost and the bot gets a fresh GUILD_CREATE; op 7
// asks for a reconnect and RESUME; IDENTIFY is limited to max_concurrency per 5 s, past it op 9.
describe('gateway faults', () => {
  test('an invalidated session loses the gap: the bot identifies again and GUILD_CREATE has the voice states of now', async () => {
    const { sandbox, guild, alice, bob, floor } = await startWorld();
    const client = await startTinyBot(sandbox);
    const updates: string[] = [];
    client.on(Events.VoiceStateUpdate, (_before, after: VoiceState) => updates.push(after.id));
    sandbox.joinVoice(bob, guild, floor);
    await expect.poll(() => updates).toEqual([bob.id]);
    const available = new Promise((resolve) => client.once(Events.GuildAvailable, resolve));

    sandbox.invalidateSessions();
    sandbox.leaveVoice(bob, guild);
    sandbox.joinVoice(alice, guild, floor);
    expect(sandbox.sessions).toEqual([]);

    await available;
    expect(sandbox.identifies).toHaveLength(2);
    const states = client.guilds.cache.get(guild.id)?.voiceStates.cache;
    expect(states?.get(alice.id)?.channelId).toBe(floor.id);
    expect(states?.get(bob.id)).toBeUndefined();
    // discord.js refreshes its cache from GUILD_CREATE without a voiceStateUpdate for the gap.
    expect(updates).toEqual([bob.id]);
  });

  test('op 7 makes the bot reconnect and resume: nothing is lost and no new IDENTIFY is spent', async () => {
    const { sandbox, guild, bob, floor } = await startWorld();
    const client = await startTinyBot(sandbox);
    const updates: string[] = [];
    client.on(Events.VoiceStateUpdate, (_before, after: VoiceState) => updates.push(after.id));
    const resumed = new Promise((resolve) => client.once(Events.ShardResume, resolve));

    sandbox.requestReconnect();
    sandbox.joinVoice(bob, guild, floor);

    await resumed;
    await expect.poll(() => updates).toEqual([bob.id]);
    expect(sandbox.identifies).toHaveLength(1);
  });

  test('with max_concurrency 1, a second IDENTIFY within 5 s gets op 9; discord.js waits and identifies again', async () => {
    const { sandbox } = await startWorld({ maxConcurrency: 1 });
    await startTinyBot(sandbox);

    const second = await startTinyBot(sandbox);

    expect(second.isReady()).toBe(true);
    expect(sandbox.refusedIdentifies).toHaveLength(1);
    expect(sandbox.identifies).toHaveLength(2);
    const [first, last] = sandbox.identifies;
    expect((last?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(5_000);
  });

  test('shards of different rate-limit keys may identify together when max_concurrency allows', async () => {
    const { sandbox } = await startWorld({ maxConcurrency: 2 });
    await Promise.all([
      startTinyBot(sandbox, { shards: [0], shardCount: 2 }),
      startTinyBot(sandbox, { shards: [1], shardCount: 2 }),
    ]);

    expect(sandbox.refusedIdentifies).toEqual([]);
    expect(sandbox.identifies).toHaveLength(2);
  });

  test('an interaction made while the bot was away is replayed on RESUME, with its 3 s counted from its creation', async () => {
    const clock = manualClock();
    const { sandbox, guild, bob } = await startWorld({ now: clock.now });
    const client = await startTinyBot(sandbox);
    await client.application.commands.set([
      new SlashCommandBuilder().setName('ping').setDescription('Ping').toJSON(),
    ]);
    const answers: unknown[] = [];
    const created: number[] = [];
    client.on(Events.InteractionCreate, (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      created.push(interaction.createdTimestamp);
      interaction.reply('pong').then(
        () => answers.push('answered'),
        (error: unknown) => answers.push(error),
      );
    });
    const away = sandbox.dropConnections(4000, { keepOut: true });
    await expect.poll(() => sandbox.sessions[0]?.socket ?? null).toBeNull();
    const madeAt = clock.now();

    const handle = sandbox.runCommand({ guild, user: bob, name: 'ping' });
    clock.advance(4_000);
    away.letBack();

    await expect(handle.reply()).rejects.toThrow(/past Discord's 3000 ms deadline/);
    expect(created).toEqual([madeAt]);
    await expect.poll(() => answers).toHaveLength(1);
    expect(answers[0]).toBeInstanceOf(DiscordAPIError);
    expect((answers[0] as DiscordAPIError).code).toBe(10062);
    expect(sandbox.identifies).toHaveLength(1);
  });
});
