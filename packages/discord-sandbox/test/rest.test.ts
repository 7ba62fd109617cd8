import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  InteractionContextType,
  PermissionFlagsBits,
  RateLimitError,
  REST,
  Routes,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
  type TextChannel,
} from 'discord.js';
import { describe, expect, test } from 'vitest';
import { BOT_DEFAULT_PERMISSIONS } from '../src/permissions.js';
import { startTinyBot, startWorld } from './tiny-bot.js';

async function connected(options = {}) {
  const world = await startWorld(options);
  const client = await startTinyBot(world.sandbox, { rest: { rejectOnRateLimit: () => true } });
  const general = client.channels.cache.get(world.general.id) as TextChannel;
  return { ...world, client, channel: general };
}

const codeOf = (error: unknown) => (error instanceof DiscordAPIError ? error.code : error);

describe('REST', () => {
  test('channels are created under a category, announced, and deleted', async () => {
    const { sandbox, client, guild } = await connected();
    const cached = client.guilds.cache.get(guild.id);
    const announced = new Promise((resolve) => client.once(Events.ChannelCreate, resolve));

    const created = await cached?.channels.create({
      name: 'hold-static-back',
      type: ChannelType.GuildText,
      parent: guild.channel('Text Channels').id,
      permissionOverwrites: [{ id: guild.id, deny: [PermissionFlagsBits.SendMessages] }],
    });

    await announced;
    expect(created?.guildId).toBe(guild.id);
    expect(sandbox.channels(guild).find((channel) => channel.id === created?.id)).toMatchObject({
      name: 'hold-static-back',
      parentId: guild.channel('Text Channels').id,
      overwrites: [{ id: guild.id, type: 0, allow: 0n, deny: PermissionFlagsBits.SendMessages }],
    });

    await created?.delete();
    expect(sandbox.channels(guild).map((channel) => channel.name)).not.toContain('hold-static-back');
    expect(sandbox.requests.map((request) => request.route)).toContain('DELETE /channels/:channel');
    expect(sandbox.rejected).toEqual([]);
  });

  test('without Manage Channels the bot gets 403 50013, and discord.js sees the permission change', async () => {
    const { sandbox, client, guild } = await connected();
    sandbox.setBotPermissions(guild, BOT_DEFAULT_PERMISSIONS & ~PermissionFlagsBits.ManageChannels);
    const cached = client.guilds.cache.get(guild.id);
    await expect
      .poll(() => cached?.members.me?.permissions.has(PermissionFlagsBits.ManageChannels))
      .toBe(false);

    const error = await cached?.channels.create({ name: 'nope' }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 403, code: 50013, message: 'Missing Permissions' });
  });

  test('a third rename within 10 minutes gets a 429', async () => {
    const { sandbox, channel } = await connected();
    await channel.setName('one');
    await channel.setName('two');

    await expect(channel.setName('three')).rejects.toBeInstanceOf(RateLimitError);
    expect(sandbox.stats.rateLimited).toBe(1);
    expect(sandbox.channel(channel.id)?.name).toBe('two');
  });

  test('DMs arrive, and a user with closed DMs gives 403 50007', async () => {
    const { sandbox, client, alice, bob } = await connected();
    sandbox.closeDms(bob);

    await (await client.users.fetch(alice.id)).send('Time for your stretches');
    const refused = await (await client.users.fetch(bob.id)).send('hello').catch(codeOf);

    expect(sandbox.messagesFor(alice).map((message) => message.content)).toEqual(['Time for your stretches']);
    expect(refused).toBe(50007);
    expect(sandbox.messagesFor(bob)).toEqual([]);
  });

  test('a sixth message to one channel within 5 s gets a real 429 with rate-limit headers', async () => {
    const { sandbox, channel, general } = await connected();
    for (let index = 1; index <= 5; index += 1) await channel.send(`message ${index}`);
    // A second REST client has its own limiter, so its request reaches the sandbox.
    const other = new REST({ api: sandbox.apiUrl, rejectOnRateLimit: () => true }).setToken('sandbox-token');
    const headers: Record<string, string>[] = [];
    other.on('response', (_request, response) =>
      headers.push(Object.fromEntries(response.headers.entries())),
    );

    const error = await other
      .post(Routes.channelMessages(general.id), { body: { content: 'sixth' } })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ global: false, limit: 5 });
    expect(headers[0]).toMatchObject({
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'retry-after': expect.any(String),
    });
    expect(sandbox.stats.rateLimited).toBe(1);
    expect(sandbox.messages(general.id)).toHaveLength(5);
  });

  test('the global limit answers 429 with global: true', async () => {
    const { sandbox, client } = await connected({ rateLimits: { globalPerSecond: 3 } });
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        client.rest.get(Routes.user('@me')).then(
          () => 'ok',
          (error: unknown) => error,
        ),
      ),
    );
    expect(results.filter((result) => result === 'ok').length).toBeLessThanOrEqual(3);
    expect(results.find((result) => result instanceof RateLimitError)).toMatchObject({ global: true });
    expect(sandbox.stats.rateLimitedByRoute).toEqual({ 'GET /users/@me': 1 });
  });

  test('an enforced nonce sent twice returns the first message and creates nothing', async () => {
    const { sandbox, channel, general } = await connected();
    const first = await channel.send({
      content: 'Reminder: stretch',
      nonce: 'r42-2026-03-08',
      enforceNonce: true,
    });
    const second = await channel.send({
      content: 'Reminder: stretch',
      nonce: 'r42-2026-03-08',
      enforceNonce: true,
    });

    expect(second.id).toBe(first.id);
    expect(sandbox.messages(general.id)).toHaveLength(1);
  });

  test('embeds over 6,000 characters in total are rejected with 50035 and recorded', async () => {
    const { sandbox, channel } = await connected();
    // Plain objects: EmbedBuilder would refuse the 5,000-character description before sending.
    const embed = (length: number) => ({ description: 'x'.repeat(length) });

    const tooLong = await channel
      .send({ embeds: [embed(5000), embed(2000)] })
      .catch((caught: unknown) => caught);
    const tooMuchTogether = await channel
      .send({ embeds: [embed(4000), embed(2500)] })
      .catch((caught: unknown) => caught);

    expect(tooLong).toMatchObject({ status: 400, code: 50035 });
    expect(JSON.stringify(sandbox.rejected[0]?.errors)).toContain(
      '"description":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH"',
    );
    expect(tooMuchTogether).toMatchObject({ status: 400, code: 50035 });
    expect(String(tooMuchTogether)).toContain('MAX_EMBED_SIZE_EXCEEDED');
    expect(sandbox.rejected.map((request) => request.route)).toEqual([
      'POST /channels/:channel/messages',
      'POST /channels/:channel/messages',
    ]);
    expect(sandbox.messages()).toEqual([]);
  });

  test('allowed_mentions is recorded per message, with whether @everyone could ping', async () => {
    const { sandbox, channel } = await connected();
    await channel.send({ content: '@everyone stretch time', allowedMentions: { parse: [] } });
    await channel.send('@everyone stretch time');

    const [safe, unsafe] = sandbox.messages();
    expect(safe?.allowedMentions).toEqual({ parse: [] });
    expect(safe?.mentionsEveryone).toBe(false);
    expect(unsafe?.allowedMentions).toBeNull();
    expect(unsafe?.mentionsEveryone).toBe(true);
  });

  test('messages are edited and deleted; threads are created', async () => {
    const { sandbox, client, channel, guild } = await connected();
    const message = await channel.send('Hold starts <t:1700000000:R>');
    const edited = sandbox.waitForMessage((candidate) => candidate.content === 'Hold running');
    await message.edit('Hold running');
    expect((await edited).editCount).toBe(1);

    const threadCreated = new Promise((resolve) => client.once(Events.ThreadCreate, resolve));
    const thread = await channel.threads.create({ name: 'hold-thread' });
    await threadCreated;
    await thread.members.add(guild.ownerId);
    await thread.send('in the thread');

    await message.delete();
    expect(sandbox.messages(channel.id)).toEqual([]);
    expect(sandbox.messages(thread.id).map((candidate) => candidate.content)).toEqual(['in the thread']);
    expect(sandbox.rejected).toEqual([]);
    expect(sandbox.unimplemented).toEqual([]);
  });

  test('files arrive as attachments with their bytes, are kept or replaced on edit, and over 10 MiB get 413', async () => {
    const { sandbox, channel } = await connected();
    const sent = await channel.send({
      content: 'your export',
      files: [
        { attachment: Buffer.from('{"a":1}'), name: 'data.json' },
        { attachment: Buffer.from('x,y\r\n1,"a, b"\r\n'), name: 'logs.csv', description: 'Logs' },
      ],
    });
    const [stored] = sandbox.messages(channel.id);
    expect(
      stored?.attachments.map((file) => [file.filename, file.data.toString(), file.description]),
    ).toEqual([
      ['data.json', '{"a":1}', null],
      ['logs.csv', 'x,y\r\n1,"a, b"\r\n', 'Logs'],
    ]);
    expect(sent.attachments.map((file) => [file.name, file.size])).toEqual([
      ['data.json', 7],
      ['logs.csv', 15],
    ]);

    const csv = sent.attachments.find((file) => file.name === 'logs.csv')!;
    await sent.edit({ attachments: [csv], files: [{ attachment: Buffer.from('new'), name: 'more.txt' }] });
    expect(stored?.attachments.map((file) => file.filename)).toEqual(['logs.csv', 'more.txt']);
    await sent.edit({ content: 'text only' });
    expect(stored?.attachments).toHaveLength(2);

    const tooBig = Buffer.alloc(10 * 1024 * 1024 + 1, 'a');
    const error = await channel
      .send({ files: [{ attachment: tooBig, name: 'big.txt' }] })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 413, code: 40005 });
    expect(sandbox.messages(channel.id)).toHaveLength(1);
    expect(sandbox.rejected).toEqual([]);
  });

  test('members can be fetched by id', async () => {
    const { client, guild, bob } = await connected();
    const member = await client.guilds.cache.get(guild.id)?.members.fetch(bob.id);
    expect(member?.user.username).toBe('bob');
  });

  test('unknown routes answer 404/405 like Discord and are recorded', async () => {
    const { sandbox, client, guild } = await connected();

    const missing = await client.rest.get(`/guilds/${guild.id}/bans`).catch((caught: unknown) => caught);
    const wrongMethod = await client.rest
      .put(Routes.channelMessages(guild.id))
      .catch((caught: unknown) => caught);

    expect(missing).toMatchObject({ status: 404, code: 0 });
    expect(wrongMethod).toMatchObject({ status: 405 });
    expect(sandbox.unimplemented).toEqual([
      { method: 'GET', path: `/api/v10/guilds/${guild.id}/bans` },
      { method: 'PUT', path: `/api/v10/channels/${guild.id}/messages` },
    ]);
  });
});

describe('validation accepts what discord.js really sends', () => {
  test('rich embeds, select menus, mentions rules, files and a full slash command definition', async () => {
    const { sandbox, channel, client, alice } = await connected();
    const embed = new EmbedBuilder()
      .setTitle('Weekly board')
      .setDescription('Who kept their streak')
      .setColor(0x2b9348)
      .setAuthor({ name: 'Align', iconURL: 'https://example.com/a.png' })
      .addFields({ name: '1. alice', value: '7 days', inline: true }, { name: '2. bob', value: '5 days' })
      .setFooter({ text: 'Week 10' })
      .setTimestamp(new Date('2026-03-08T20:30:00Z'));
    const menu = new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
      new StringSelectMenuBuilder()
        .setCustomId('board:period')
        .setPlaceholder('Period')
        .addOptions({ label: 'Week', value: 'week' }, { label: 'Month', value: 'month' }),
    );
    const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('hold:join:7').setLabel('Join').setStyle(ButtonStyle.Success),
      new ButtonBuilder().setURL('https://example.com/help').setLabel('Help').setStyle(ButtonStyle.Link),
    );

    await channel.send({
      content: `<@${alice.id}> leads`,
      embeds: [embed],
      components: [menu, buttons],
      allowedMentions: { parse: [], users: [alice.id] },
      files: [{ attachment: Buffer.from('day,count\n1,30\n'), name: 'export.csv' }],
    });
    await client.application.commands.set([
      new SlashCommandBuilder()
        .setName('remind')
        .setDescription('Personal reminders')
        .setDefaultMemberPermissions(PermissionFlagsBits.SendMessages)
        .setContexts(InteractionContextType.Guild)
        .addSubcommand((sub) =>
          sub
            .setName('add')
            .setDescription('Add one')
            .addStringOption((option) =>
              option
                .setName('when')
                .setDescription('e.g. weekdays 07:30')
                .setRequired(true)
                .setMaxLength(100),
            )
            .addNumberOption((option) =>
              option.setName('minutes').setDescription('How long').setMinValue(0.5),
            )
            .addChannelOption((option) =>
              option.setName('where').setDescription('Channel').addChannelTypes(ChannelType.GuildText),
            )
            .addBooleanOption((option) => option.setName('quiet').setDescription('No ping')),
        )
        .addSubcommandGroup((group) =>
          group
            .setName('list')
            .setDescription('Lists')
            .addSubcommand((sub) =>
              sub
                .setName('mine')
                .setDescription('Mine')
                .addStringOption((option) =>
                  option.setName('sort').setDescription('Order').addChoices({ name: 'Newest', value: 'new' }),
                ),
            ),
        )
        .toJSON(),
    ]);

    expect(sandbox.rejected).toEqual([]);
    const [message] = sandbox.messages(channel.id);
    expect(message?.embeds[0]?.fields).toHaveLength(2);
    expect(message?.allowedMentions).toEqual({ parse: [], users: [alice.id] });
    expect(sandbox.registeredCommands()[0]?.default_member_permissions).toBe(
      String(PermissionFlagsBits.SendMessages),
    );
  });
});

describe('REST latency', () => {
  test('each request waits its way to Discord before it is handled', async () => {
    const { sandbox, channel } = await connected({ restLatency: { meanMs: 120, jitterMs: 20 } });
    const started = Date.now();
    await channel.send('hello');
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(sandbox.messages(channel.id).map((message) => message.content)).toContain('hello');
  });

  test('reads the forms a test run gives in its environment', async () => {
    const { parseRestLatency } = await import('../src/index.js');
    expect(parseRestLatency('150±50')).toEqual({ meanMs: 150, jitterMs: 50 });
    expect(parseRestLatency('150+-50')).toEqual({ meanMs: 150, jitterMs: 50 });
    expect(parseRestLatency('80')).toEqual({ meanMs: 80, jitterMs: 0 });
    expect(parseRestLatency('0')).toBeUndefined();
    expect(parseRestLatency('fast')).toBeUndefined();
    expect(parseRestLatency(undefined)).toBeUndefined();
  });
});
