import {
  ChannelType,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  type Interaction,
  PermissionFlagsBits as P,
  SlashCommandBuilder,
  type TextChannel,
} from 'discord.js';
import { describe, expect, test } from 'vitest';
import { BOT_DEFAULT_PERMISSIONS } from '../src/permissions.js';
import { manualClock, startTinyBot, startWorld } from './tiny-bot.js';

// The rules are docs/topics/permissions.mdx's ("Permission Hierarchy", "Implicit Permissions") and
// resources/guild.mdx's (Create Guild Channel).

async function connected(options = {}) {
  const world = await startWorld(options);
  const client = await startTinyBot(world.sandbox);
  const cached = client.guilds.cache.get(world.guild.id)!;
  return { ...world, client, cached };
}

const failure = (error: unknown) =>
  error instanceof DiscordAPIError ? { status: error.status, code: error.code } : error;
const embed = new EmbedBuilder().setTitle('Weekly board').setDescription('Alice 30 min');

describe('permissions as Discord computes them', () => {
  test('a member has the permissions of all their roles together', async () => {
    const { sandbox, guild, cached } = await connected();
    sandbox.setBotPermissions(guild, BOT_DEFAULT_PERMISSIONS & ~P.ManageChannels);
    await expect(cached.channels.create({ name: 'one' }).catch(failure)).resolves.toEqual({
      status: 403,
      code: 50013,
    });

    const moderators = sandbox.createRole(guild, { name: 'Moderators', permissions: P.ManageChannels });
    sandbox.giveRole(guild, sandbox.botUser, moderators);

    await expect(cached.channels.create({ name: 'two' })).resolves.toMatchObject({ name: 'two' });
  });

  test('the overwrites of all a member’s roles apply together, denies before allows', async () => {
    const { sandbox, guild, general, cached } = await connected();
    const quiet = sandbox.createRole(guild, { name: 'Quiet' });
    const helpers = sandbox.createRole(guild, { name: 'Helpers' });
    sandbox.giveRole(guild, sandbox.botUser, quiet);
    sandbox.giveRole(guild, sandbox.botUser, helpers);
    sandbox.setChannelOverwrites(general, [
      { id: quiet, type: 0, allow: 0n, deny: P.SendMessages },
      { id: helpers, type: 0, allow: P.SendMessages, deny: 0n },
    ]);
    const channel = cached.channels.cache.get(general.id) as TextChannel;
    await expect.poll(() => channel.permissionOverwrites.cache.size).toBe(2);

    await expect(channel.send('the allow of one role beats the deny of another')).resolves.toBeTruthy();
  });

  test('a channel made in a category without overwrites takes the category’s; given ones replace them', async () => {
    const { sandbox, guild, cached } = await connected();
    const category = guild.channel('Text Channels');
    const privately = [
      { id: guild.id, type: 0 as const, allow: 0n, deny: P.ViewChannel },
      { id: sandbox.botUser.id, type: 1 as const, allow: P.ViewChannel, deny: 0n },
    ];
    sandbox.setChannelOverwrites(category, privately);

    const inherited = await cached.channels.create({ name: 'private-too', parent: category.id });
    const own = await cached.channels.create({
      name: 'public-again',
      parent: category.id,
      permissionOverwrites: [],
    });

    expect(sandbox.channel(inherited.id)?.overwrites).toEqual(privately);
    expect(inherited.permissionOverwrites.cache.get(guild.id)?.deny.has(P.ViewChannel)).toBe(true);
    expect(sandbox.channel(own.id)?.overwrites).toEqual([]);
  });

  test('Manage Channels and View Channel are checked in the category the channel goes in', async () => {
    const { sandbox, guild, cached } = await connected();
    const category = guild.channel('Text Channels');
    const bot = { id: sandbox.botUser.id, type: 1 as const };
    const create = () =>
      cached.channels.create({ name: 'hold', parent: category.id, permissionOverwrites: [] }).catch(failure);

    sandbox.setChannelOverwrites(category, [{ ...bot, allow: 0n, deny: P.ManageChannels }]);
    await expect(create()).resolves.toEqual({ status: 403, code: 50013 });
    sandbox.setChannelOverwrites(category, [{ ...bot, allow: 0n, deny: P.ViewChannel }]);
    await expect(create()).resolves.toEqual({ status: 403, code: 50001 });

    await expect(cached.channels.create({ name: 'outside' })).resolves.toMatchObject({ parentId: null });
  });

  test('overwrites may set only permissions the bot has, and never Manage Roles', async () => {
    const { sandbox, guild, cached } = await connected();
    const create = (allow: bigint) =>
      cached.channels
        .create({ name: 'x', permissionOverwrites: [{ id: guild.id, allow, type: 0 }] })
        .catch(failure);

    // Neither @everyone nor the bot's role has Kick Members.
    await expect(create(P.KickMembers)).resolves.toEqual({ status: 403, code: 50013 });
    await expect(create(P.ManageRoles)).resolves.toEqual({ status: 403, code: 50013 });
    await expect(create(P.ViewChannel | P.SendMessages)).resolves.toMatchObject({ name: 'x' });
    expect(sandbox.rejected).toEqual([]);
  });

  test('no View Channel means nothing, and no Send Messages means no Embed Links', async () => {
    const { sandbox, general, client } = await connected();
    const channel = client.channels.cache.get(general.id) as TextChannel;
    const bot = { id: sandbox.botUser.id, type: 1 as const };

    sandbox.setChannelOverwrites(general, [{ ...bot, allow: P.SendMessages, deny: P.ViewChannel }]);
    await expect(channel.send('hello').catch(failure)).resolves.toEqual({ status: 403, code: 50001 });

    sandbox.setChannelOverwrites(general, [{ ...bot, allow: P.EmbedLinks, deny: P.SendMessages }]);
    await expect(channel.send({ embeds: [embed] }).catch(failure)).resolves.toEqual({
      status: 403,
      code: 50013,
    });
  });

  test('embeds in a channel post need Embed Links (also when edited in), not in interaction responses', async () => {
    const { sandbox, guild, general, client, alice } = await connected();
    await client.application.commands.set([
      new SlashCommandBuilder().setName('board').setDescription('Show the board').toJSON(),
    ]);
    const channel = client.channels.cache.get(general.id) as TextChannel;
    const text = await channel.send('a plain message');
    sandbox.setChannelOverwrites(general, [{ id: guild.id, type: 0, allow: 0n, deny: P.EmbedLinks }]);
    await expect.poll(() => channel.permissionsFor(client.user)?.has(P.EmbedLinks)).toBe(false);

    await expect(channel.send({ embeds: [embed] }).catch(failure)).resolves.toEqual({
      status: 403,
      code: 50013,
    });
    await expect(text.edit({ embeds: [embed] }).catch(failure)).resolves.toEqual({
      status: 403,
      code: 50013,
    });
    await expect(channel.send('text still goes')).resolves.toBeTruthy();

    client.on(Events.InteractionCreate, (interaction: Interaction) => {
      if (interaction.isChatInputCommand()) void interaction.reply({ embeds: [embed] });
    });
    const reply = await sandbox.runCommandLine('/board', { guild, user: alice, channel: general }).reply();
    expect(reply.embeds).toHaveLength(1);
  });

  test('a timed-out member keeps only View Channel and Read Message History until the timeout ends', async () => {
    const clock = manualClock();
    const { sandbox, guild, general, client } = await connected({ now: clock.now });
    const channel = client.channels.cache.get(general.id) as TextChannel;
    sandbox.timeOut(guild, sandbox.botUser, clock.now() + 60_000);

    await expect(channel.send('hello').catch(failure)).resolves.toEqual({ status: 403, code: 50013 });
    await expect(channel.messages.fetch({ limit: 1 })).resolves.toBeTruthy();

    clock.advance(60_001);
    await expect(channel.send('hello again')).resolves.toBeTruthy();
  });

  test('threads follow their parent’s overwrites', async () => {
    const { sandbox, general, client } = await connected();
    const channel = client.channels.cache.get(general.id) as TextChannel;
    const thread = await channel.threads.create({ name: 'chat', type: ChannelType.PublicThread });
    sandbox.setChannelOverwrites(general, [
      { id: sandbox.botUser.id, type: 1, allow: 0n, deny: P.SendMessagesInThreads },
    ]);

    await expect(thread.send('hello').catch(failure)).resolves.toEqual({ status: 403, code: 50013 });
  });
});
