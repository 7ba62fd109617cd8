import { DiscordAPIError, RateLimitError, REST, Routes, type TextChannel } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { BOT_DEFAULT_PERMISSIONS } from '../src/permissions.js';
import { manualClock, startTinyBot, startWorld } from './tiny-bot.js';

const minutes = (count: number) => count * 60_000;

/** A REST client of its own (no shared limiter), answering 429s as errors, with every answer's headers kept. */
function rawClient(apiUrl: string, token: string) {
  const rest = new REST({ api: apiUrl, rejectOnRateLimit: () => true, retries: 0 }).setToken(token);
  const answers: { status: number; headers: Record<string, string> }[] = [];
  rest.on('response', (_request, response) =>
    answers.push({ status: response.status, headers: Object.fromEntries(response.headers.entries()) }),
  );
  return { rest, answers };
}

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof DiscordAPIError ? error.code : error),
  );

// docs/topics/rate-limits.mdx: "Per-route rate limits exist for many individual endpoints … and are
// counted per top-level resource (channel_id, guild_id, webhook_id)", per bot token.
describe('buckets per route, token and top-level resource', () => {
  test('each bot token has its own message bucket in a channel', async () => {
    const { sandbox, general } = await startWorld();
    const bot = rawClient(sandbox.apiUrl, 'bot-one');
    const other = rawClient(sandbox.apiUrl, 'bot-two');
    for (let post = 1; post <= 5; post += 1) {
      await bot.rest.post(Routes.channelMessages(general.id), { body: { content: `one ${post}` } });
    }

    // Another token posting to the same channel is not held back by the first one's bucket.
    await other.rest.post(Routes.channelMessages(general.id), { body: { content: 'two 1' } });
    // A second process of the first bot knows nothing of the bucket, so its request reaches Discord.
    const sameBot = rawClient(sandbox.apiUrl, 'bot-one');
    const sixth = await outcome(
      sameBot.rest.post(Routes.channelMessages(general.id), { body: { content: 'one 6' } }),
    );

    expect(sixth).toBeInstanceOf(RateLimitError);
    expect(other.answers[0]).toMatchObject({
      status: 200,
      headers: { 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '4' },
    });
    expect(sameBot.answers[0]).toMatchObject({
      status: 429,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-scope': 'user' },
    });
    expect(sandbox.messages(general.id)).toHaveLength(6);
  });

  test('the bucket is per channel: another channel of the same token is free', async () => {
    const { sandbox, guild, general } = await startWorld({
      rateLimits: { channelMessages: { limit: 2, windowMs: 5000 } },
    });
    const bot = rawClient(sandbox.apiUrl, 'bot-one');
    const otherChannel = (await bot.rest.post(Routes.guildChannels(guild.id), {
      body: { name: 'second', type: 0 },
    })) as { id: string };
    await bot.rest.post(Routes.channelMessages(general.id), { body: { content: 'a' } });
    await bot.rest.post(Routes.channelMessages(general.id), { body: { content: 'b' } });

    expect(
      await outcome(bot.rest.post(Routes.channelMessages(otherChannel.id), { body: { content: 'c' } })),
    ).toBe('ok');
    expect(
      await outcome(bot.rest.post(Routes.channelMessages(general.id), { body: { content: 'd' } })),
    ).toBeInstanceOf(RateLimitError);
  });

  test('every answer carries its bucket: limit, remaining, reset, reset-after and bucket id', async () => {
    const { sandbox, guild, alice } = await startWorld();
    const bot = rawClient(sandbox.apiUrl, 'bot-one');
    await bot.rest.get(Routes.guildMember(guild.id, alice.id));
    const missing = await outcome(bot.rest.get(Routes.guildMember(guild.id, '123456789012345678')));

    expect(missing).toBe(10007);
    const [first, second] = bot.answers;
    expect(first?.headers).toMatchObject({
      'x-ratelimit-limit': '10',
      'x-ratelimit-remaining': '9',
      'x-ratelimit-bucket': 'get-guilds-guild-members-user',
      'x-ratelimit-reset': expect.stringMatching(/^\d+\.\d{3}$/),
      'x-ratelimit-reset-after': expect.stringMatching(/^\d+\.\d{3}$/),
    });
    // A refusal counts in the bucket, and says so.
    expect(second).toMatchObject({ status: 404, headers: { 'x-ratelimit-remaining': '8' } });
  });

  test('GET guild member is bucketed per guild: the eleventh member in a second waits, in any guild of its own', async () => {
    const { sandbox, guild, alice, bob } = await startWorld();
    const client = await startTinyBot(sandbox);
    const secondGuild = sandbox.createGuild({ name: 'Second', owner: alice, members: [bob] });
    const bot = rawClient(sandbox.apiUrl, 'bot-one');
    for (let fetch = 1; fetch <= 10; fetch += 1) await bot.rest.get(Routes.guildMember(guild.id, bob.id));

    const sameBot = rawClient(sandbox.apiUrl, 'bot-one').rest;
    const eleventh = await outcome(sameBot.get(Routes.guildMember(guild.id, alice.id)));
    const elsewhere = await outcome(sameBot.get(Routes.guildMember(secondGuild.id, alice.id)));
    // discord.js reads the headers and waits instead of meeting the 429 itself.
    const waits: unknown[] = [];
    client.rest.on('rateLimited', (info) => waits.push(info));
    const cached = client.guilds.cache.get(guild.id)!;
    for (let fetch = 1; fetch <= 11; fetch += 1) await cached.members.fetch({ user: bob.id, force: true });

    expect(eleventh).toBeInstanceOf(RateLimitError);
    expect(elsewhere).toBe('ok');
    expect(waits.length).toBeGreaterThan(0);
    expect(sandbox.stats.rateLimitedByRoute).toEqual({ 'GET /guilds/:guild/members/:user': 1 });
  });
});

// docs/topics/rate-limits.mdx, "Invalid Request Limit": 10,000 401, 403 or 429 answers per 10 minutes
// and Cloudflare restricts the IP address; 429s with X-RateLimit-Scope: shared are not counted.
describe('invalid requests', () => {
  test('401, 403 and 429 are counted per 10 minutes on the sandbox clock; 400 and 404 are not', async () => {
    const clock = manualClock();
    const { sandbox, guild, general } = await startWorld({
      now: clock.now,
      rateLimits: { channelMessages: { limit: 1, windowMs: 5000 } },
    });
    const bot = rawClient(sandbox.apiUrl, 'bot-one');
    const anonymous = new REST({ api: sandbox.apiUrl, retries: 0 }).setToken('');
    sandbox.setBotPermissions(guild, BOT_DEFAULT_PERMISSIONS & ~(1n << 4n));

    expect(await outcome(bot.rest.post(Routes.channelMessages(general.id), { body: { content: '' } }))).toBe(
      50006,
    );
    await outcome(bot.rest.post(Routes.channelMessages(general.id), { body: { content: 'too soon' } }));
    expect(
      await outcome(bot.rest.post(Routes.guildChannels(guild.id), { body: { name: 'no-manage' } })),
    ).toBe(50013);
    await outcome(anonymous.get(Routes.user('@me'), { auth: false }));
    expect(await outcome(bot.rest.get(Routes.channel('123456789012345678')))).toBe(10003);

    expect(sandbox.invalidRequests).toEqual({ total: 3, byStatus: { 401: 1, 403: 1, 429: 1 } });
    clock.advance(minutes(9));
    await outcome(bot.rest.post(Routes.guildChannels(guild.id), { body: { name: 'still-no' } }));
    expect(sandbox.invalidRequests.total).toBe(4);
    clock.advance(minutes(1));
    // The first three are now more than 10 minutes old.
    expect(sandbox.invalidRequests).toEqual({ total: 1, byStatus: { 401: 0, 403: 1, 429: 0 } });
  });
});

describe('an IP ban', () => {
  test('past the invalid-request limit every request gets a 429 until the 10 minutes have passed', async () => {
    const clock = manualClock();
    const { sandbox, guild } = await startWorld({ now: clock.now, invalidRequestLimit: 3 });
    const bot = rawClient(sandbox.apiUrl, 'bot-one');
    sandbox.setBotPermissions(guild, BOT_DEFAULT_PERMISSIONS & ~(1n << 4n));
    for (let refusal = 1; refusal <= 3; refusal += 1) {
      await outcome(bot.rest.post(Routes.guildChannels(guild.id), { body: { name: 'no-manage' } }));
    }
    clock.advance(minutes(4));

    const blocked = await outcome(bot.rest.get(Routes.user('@me')));
    expect(blocked).toBeInstanceOf(RateLimitError);
    expect(bot.answers.at(-1)).toMatchObject({ status: 429, headers: { 'retry-after': '360' } });
    expect(bot.answers.at(-1)?.headers).not.toHaveProperty('x-ratelimit-bucket');
    // Cloudflare's own refusals do not count: the ban ends when Discord's refusals leave the window.
    expect(sandbox.invalidRequests.total).toBe(3);
    clock.advance(minutes(6));
    expect(await outcome(rawClient(sandbox.apiUrl, 'bot-one').rest.get(Routes.user('@me')))).toBe('ok');
  });
});

// docs/resources/message.mdx, enforce_nonce: a repeat "in the past few minutes" returns the first
// message; discord-api-docs#6647: a repeat of a deleted original answers 404 Unknown Message.
describe('nonces', () => {
  async function withNonces(windowMs: number) {
    const clock = manualClock();
    const world = await startWorld({ now: clock.now });
    world.sandbox.nonceWindowMs = windowMs;
    const client = await startTinyBot(world.sandbox);
    const channel = client.channels.cache.get(world.general.id) as TextChannel;
    const send = (content: string) => channel.send({ content, nonce: 'r1.abc', enforceNonce: true });
    return { ...world, clock, channel, send };
  }

  test('a repeat one second inside the window returns the same message', async () => {
    const { sandbox, general, clock, send } = await withNonces(minutes(3));
    const first = await send('Stretch');
    clock.advance(minutes(3) - 1000);
    const again = await send('Stretch');

    expect(again.id).toBe(first.id);
    expect(sandbox.messages(general.id)).toHaveLength(1);
  });

  test('a repeat one second past the window makes a new message', async () => {
    const { sandbox, general, clock, send } = await withNonces(minutes(3));
    const first = await send('Stretch');
    clock.advance(minutes(3) + 1000);
    const again = await send('Stretch');

    expect(again.id).not.toBe(first.id);
    expect(sandbox.messages(general.id)).toHaveLength(2);
  });

  test('a repeat of a deleted original answers 404 10008 and creates nothing', async () => {
    const { sandbox, general, clock, send } = await withNonces(minutes(2));
    const first = await send('Stretch');
    await first.delete();
    clock.advance(minutes(1));

    expect(await outcome(send('Stretch'))).toBe(10008);
    expect(sandbox.messages(general.id)).toHaveLength(0);
  });
});
