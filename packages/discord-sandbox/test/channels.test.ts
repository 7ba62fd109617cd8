import {
  ChannelType,
  DiscordAPIError,
  Events,
  REST,
  Routes,
  type TextChannel,
  type ThreadChannel,
} from 'discord.js';
import { describe, expect, test } from 'vitest';
import { manualClock, startTinyBot, startWorld } from './tiny-bot.js';

async function connected(options = {}) {
  const world = await startWorld(options);
  const client = await startTinyBot(world.sandbox);
  const cached = client.guilds.cache.get(world.guild.id)!;
  const general = client.channels.cache.get(world.general.id) as TextChannel;
  return { ...world, client, cached, channel: general };
}

const failure = (error: unknown) =>
  error instanceof DiscordAPIError
    ? { status: error.status, code: error.code, errors: JSON.stringify(error.rawError) }
    : error;

describe('channel rules', () => {
  test('a category holds at most 50 channels (400 50035 CHANNEL_PARENT_MAX_CHANNELS)', async () => {
    const { sandbox, guild, cached } = await connected();
    const category = guild.channel('Text Channels');
    // The default template's category already holds #general.
    for (let index = 1; index < 50; index += 1) {
      sandbox.addChannel(guild, { name: `room-${index}`, parent: 'Text Channels' });
    }

    const refused = await cached.channels
      .create({ name: 'one-too-many', parent: category.id })
      .catch(failure);

    expect(refused).toMatchObject({ status: 400, code: 50035 });
    expect(JSON.stringify(refused)).toContain('CHANNEL_PARENT_MAX_CHANNELS');
    await expect(cached.channels.create({ name: 'elsewhere' })).resolves.toMatchObject({ parentId: null });
  });

  test('a server holds at most 500 channels (400 30013)', async () => {
    const { sandbox, guild, cached } = await connected();
    const existing = sandbox.channels(guild).length;
    for (let index = existing; index < 500; index += 1) sandbox.addChannel(guild, { name: `room-${index}` });

    await expect(
      cached.channels.create({ name: 'five-hundred-and-one' }).catch(failure),
    ).resolves.toMatchObject({ status: 400, code: 30013 });
  });

  test('a thread archives after auto_archive_duration without a new message; edits do not count', async () => {
    const clock = manualClock();
    const { sandbox, channel, client } = await connected({ now: clock.now });
    const thread = await channel.threads.create({
      name: 'hold',
      type: ChannelType.PublicThread,
      autoArchiveDuration: 60,
    });
    const live = await thread.send('live message');
    clock.advance(59 * 60_000);
    await live.edit('edited, which is not activity');
    const archived = new Promise<ThreadChannel>((resolve) =>
      client.on(Events.ThreadUpdate, (_old, updated) => updated.archived && resolve(updated)),
    );

    clock.advance(60_000);
    // Threads.mdx: "Messages cannot be edited" in an archived thread.
    await expect(live.edit('one more').catch(failure)).resolves.toMatchObject({ status: 400, code: 50083 });
    await archived;
    expect(sandbox.channel(thread.id)?.archived).toBe(true);

    // "Sending a message will automatically unarchive the thread."
    await thread.send('a new message');
    expect(sandbox.channel(thread.id)?.archived).toBe(false);
    await expect(live.edit('editable again')).resolves.toMatchObject({ content: 'editable again' });
  });

  test('a thread with a new message inside its duration stays open', async () => {
    const clock = manualClock();
    const { sandbox, channel } = await connected({ now: clock.now });
    const thread = await channel.threads.create({ name: 'chat', autoArchiveDuration: 60 });
    clock.advance(45 * 60_000);
    await thread.send('still here');
    clock.advance(45 * 60_000);

    await expect(thread.send('and again')).resolves.toBeTruthy();
    expect(sandbox.channel(thread.id)?.archived).toBe(false);
  });

  test('a channel post may set only the flags Discord allows, and not ephemeral', async () => {
    const { sandbox, general } = await connected();
    const rest = new REST({ api: sandbox.apiUrl }).setToken('sandbox-token');
    const post = (body: object) => rest.post(Routes.channelMessages(general.id), { body }).catch(failure);

    await expect(post({ content: 'only you', flags: 64 })).resolves.toMatchObject({
      status: 400,
      code: 50035,
    });
    await expect(post({ content: 'quietly', flags: 4096 })).resolves.toMatchObject({ flags: 4096 });
    expect(sandbox.rejected.map((request) => request.status)).toEqual([400]);
  });

  test('allowed_mentions with both parse:["users"] and a users list is a 400', async () => {
    const { sandbox, general, alice } = await connected();
    const rest = new REST({ api: sandbox.apiUrl }).setToken('sandbox-token');
    const post = (allowed: object) =>
      rest
        .post(Routes.channelMessages(general.id), {
          body: { content: `<@${alice.id}>`, allowed_mentions: allowed },
        })
        .catch(failure);

    await expect(post({ parse: ['users'], users: [alice.id] })).resolves.toMatchObject({
      status: 400,
      code: 50035,
    });
    await expect(post({ users: [alice.id] })).resolves.toMatchObject({ content: `<@${alice.id}>` });
  });
});
