import { DiscordAPIError, PermissionFlagsBits as P, Routes, type APIMessage } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { startTinyBot, startWorld } from './tiny-bot.js';

// resources/message.mdx, Get Channel Messages: newest first, limit 1–100 (default 50), one of before,
// after and around; View Channel needed in a guild channel, and without Read Message History no messages.

const failure = (error: unknown) =>
  error instanceof DiscordAPIError ? { status: error.status, code: error.code } : error;

async function channelWithPosts(count: number) {
  const world = await startWorld();
  const client = await startTinyBot(world.sandbox);
  const posted = Array.from(
    { length: count },
    (_, i) => world.sandbox.say(world.bob, world.general, `post ${i}`).id,
  );
  const read = (query: Record<string, string>) =>
    client.rest.get(Routes.channelMessages(world.general.id), {
      query: new URLSearchParams(query),
    }) as Promise<APIMessage[]>;
  return { ...world, client, posted, read };
}

describe('reading a channel’s messages', () => {
  test('answers newest first, 50 unless told, and pages with before, after and around', async () => {
    const { posted, read } = await channelWithPosts(60);
    const newest = await read({});
    expect(newest).toHaveLength(50);
    expect(newest[0]!.content).toBe('post 59');
    expect(newest.at(-1)!.content).toBe('post 10');

    const before = await read({ before: posted[10]!, limit: '3' });
    expect(before.map((m) => m.content)).toEqual(['post 9', 'post 8', 'post 7']);
    const after = await read({ after: posted[10]!, limit: '3' });
    expect(after.map((m) => m.content)).toEqual(['post 13', 'post 12', 'post 11']);
    const around = await read({ around: posted[30]!, limit: '4' });
    expect(around.map((m) => m.content)).toEqual(['post 32', 'post 31', 'post 30', 'post 29']);
  });

  test('refuses a limit outside 1–100 and two anchors at once', async () => {
    const { posted, read } = await channelWithPosts(2);
    const queries: Record<string, string>[] = [
      { limit: '0' },
      { limit: '101' },
      { limit: 'ten' },
      { before: posted[1]!, after: posted[0]! },
    ];
    for (const query of queries) {
      await expect(read(query).catch(failure)).resolves.toEqual({ status: 400, code: 50035 });
    }
  });

  test('needs View Channel, and returns nothing without Read Message History', async () => {
    const { sandbox, guild, general, read } = await channelWithPosts(2);
    sandbox.setChannelOverwrites(general, [
      { id: sandbox.botUser.id, type: 1, allow: 0n, deny: P.ReadMessageHistory },
    ]);
    await expect(read({})).resolves.toEqual([]);
    sandbox.setChannelOverwrites(general, [{ id: guild.id, type: 0, allow: 0n, deny: P.ViewChannel }]);
    await expect(read({}).catch(failure)).resolves.toEqual({ status: 403, code: 50001 });
  });

  test('a bot reads its DM with a member', async () => {
    const { alice, client } = await channelWithPosts(0);
    const user = await client.users.fetch(alice.id);
    const sent = await user.send('Floor time');
    const history = (await client.rest.get(Routes.channelMessages(sent.channelId))) as APIMessage[];
    expect(history.map((m) => m.content)).toEqual(['Floor time']);
  });
});
