import {
  ApplicationCommandOptionType,
  ChannelType,
  DiscordAPIError,
  Events,
  InteractionContextType,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { describe, expect, test } from 'vitest';
import { startTinyBot, startWorld } from './tiny-bot.js';

// Commands as the Discord client sends them: it offers a command only where its `contexts` allow, a
// channel option only lists the declared `channel_types`, and choices and min/max hold before sending
// (docs/interactions/application-commands.mdx). A modified client can send anything; tests say so.
const commands = [
  new SlashCommandBuilder()
    .setName('count')
    .setDescription('Count something')
    .setContexts(InteractionContextType.Guild)
    .addIntegerOption((option) =>
      option.setName('amount').setDescription('How many').setRequired(true).setMinValue(1).setMaxValue(10),
    )
    .addStringOption((option) =>
      option
        .setName('unit')
        .setDescription('Unit')
        .addChoices({ name: 'reps', value: 'reps' }, { name: 'seconds', value: 'seconds' }),
    )
    .addStringOption((option) => option.setName('note').setDescription('A note').setMaxLength(5))
    .addChannelOption((option) =>
      option.setName('voice').setDescription('A voice channel').addChannelTypes(ChannelType.GuildVoice),
    ),
  new SlashCommandBuilder().setName('anywhere').setDescription('Runs anywhere'),
].map((command) => command.toJSON());

async function bot() {
  const world = await startWorld();
  const client = await startTinyBot(world.sandbox);
  await client.application.commands.set(commands);
  const seen: ChatInputCommandInteraction[] = [];
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    seen.push(interaction);
    void interaction.reply({ content: `ok ${interaction.options.data.map((o) => o.type).join(',')}` });
  });
  return { ...world, client, seen };
}

describe('commands as the client sends them', () => {
  test('a guild-only command is not offered in DMs; a command without contexts is', async () => {
    const { sandbox, bob } = await bot();

    expect(() => sandbox.runCommand({ user: bob, name: 'count', options: { amount: 2 } })).toThrow(
      /does not offer \/count in DMs \(contexts \[0\]\)/,
    );
    const reply = await sandbox.runCommand({ user: bob, name: 'anywhere' }).reply();
    expect(reply.content).toBe('ok ');
  });

  test('the deprecated dm_permission: false also keeps a command without contexts out of DMs', async () => {
    const { sandbox, client, bob } = await bot();
    await client.application.commands.set([{ name: 'old', description: 'Old style', dm_permission: false }]);

    expect(() => sandbox.runCommand({ user: bob, name: 'old' })).toThrow(/does not offer \/old in DMs/);
  });

  test('a modified client can send a guild-only command from a DM: it arrives without a server', async () => {
    const { sandbox, bob, seen } = await bot();

    await sandbox
      .runCommand({ user: bob, name: 'count', options: { amount: 2 }, modifiedClient: true })
      .reply();

    expect(seen[0]?.guildId).toBeNull();
    expect(seen[0]?.inGuild()).toBe(false);
  });

  test('a channel option offers only the declared channel types, of this server', async () => {
    const { sandbox, guild, bob, general, floor } = await bot();
    const place = { guild, user: bob, name: 'count' };

    expect(() => sandbox.runCommand({ ...place, options: { amount: 1, voice: general } })).toThrow(
      /does not offer #general \(type 0; channel_types \[2\]\)/,
    );
    const other = sandbox.createGuild({ name: 'Other', owner: bob });
    expect(() =>
      sandbox.runCommand({ ...place, options: { amount: 1, voice: other.channel('General') } }),
    ).toThrow(/only channels of this server/);
    await sandbox.runCommand({ ...place, options: { amount: 1, voice: floor } }).reply();
    await sandbox
      .runCommand({ ...place, options: { amount: 1, voice: general }, modifiedClient: true })
      .reply();
  });

  test('choices, min/max values and lengths hold, unless the client is modified', async () => {
    const { sandbox, guild, bob, seen } = await bot();
    const place = { guild, user: bob, name: 'count' };

    expect(() => sandbox.runCommand({ ...place, options: { amount: 11 } })).toThrow(/at most 10/);
    expect(() => sandbox.runCommand({ ...place, options: { amount: 0 } })).toThrow(/at least 1/);
    expect(() => sandbox.runCommand({ ...place, options: { amount: 1, unit: 'laps' } })).toThrow(
      /one of: reps, seconds/,
    );
    expect(() => sandbox.runCommand({ ...place, options: { amount: 1, note: 'too long' } })).toThrow(
      /at most 5 characters/,
    );
    expect(() => sandbox.runCommand({ ...place, options: {} })).toThrow(/needs amount/);

    await sandbox
      .runCommand({
        ...place,
        options: { amount: 500, unit: 'laps', note: 'too long' },
        modifiedClient: true,
      })
      .reply();
    expect(seen[0]?.options.getInteger('amount')).toBe(500);
    expect(seen[0]?.options.getString('unit')).toBe('laps');
  });

  test('an option of another type than declared comes only from a modified client, and discord.js refuses to read it', async () => {
    const { sandbox, guild, bob, seen } = await bot();
    const place = { guild, user: bob, name: 'count' };

    expect(() =>
      sandbox.runCommand({ ...place, options: [{ name: 'amount', value: 'two', type: 3 }] }),
    ).toThrow(/only a modified client/);
    const reply = await sandbox
      .runCommand({ ...place, options: [{ name: 'amount', value: 'two', type: 3 }], modifiedClient: true })
      .reply();

    expect(reply.content).toBe(`ok ${ApplicationCommandOptionType.String}`);
    expect(() => seen[0]?.options.getInteger('amount')).toThrow(/CommandInteractionOptionType|type/);
  });

  test('guild commands may not carry the BotDM context: the registration is refused', async () => {
    const { sandbox, guild, client } = await bot();
    const withDm = new SlashCommandBuilder()
      .setName('help')
      .setDescription('Help')
      .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
      .toJSON();

    const refused = await client.application.commands
      .set([withDm], guild.id)
      .catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(DiscordAPIError);
    expect((refused as DiscordAPIError).code).toBe(50035);
    expect(sandbox.rejected.at(-1)?.errors).toMatchObject({ '0': { contexts: expect.anything() } });
    const guildOnly = { ...withDm, contexts: [InteractionContextType.Guild] };
    await expect(client.application.commands.set([guildOnly], guild.id)).resolves.toBeDefined();
    const plain = { ...withDm, contexts: undefined };
    await expect(client.application.commands.set([plain], guild.id)).resolves.toBeDefined();
    // Global commands keep their contexts.
    await expect(client.application.commands.set([withDm])).resolves.toBeDefined();
  });
});
