import { DiscordAPIError, Events, Routes } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { startTinyBot, startWorld } from './tiny-bot.js';

// A mention that does not ping carries no user object with the message, so a client that has not loaded
// that member shows the raw `<@id>`; Discord's staff: wontfix, allowed_mentions does not help
// (discord/discord-api-docs#1479; discord.js#3527, #5464). Embeds never ping.
describe('mentions as clients render them', () => {
  test('a pinged mention shows as a name; in an embed or unpinged, an unloaded member stays <@id>', async () => {
    const { sandbox, guild, alice, bob, general } = await startWorld();
    const carol = sandbox.addUser({ username: 'carol', globalName: 'Carol' });
    sandbox.addMember(guild, carol);
    const client = await startTinyBot(sandbox);
    await client.rest.post(Routes.channelMessages(general.id), {
      body: {
        content: `<@${bob.id}> and <@${carol.id}>, time to stretch`,
        allowed_mentions: { users: [bob.id] },
        embeds: [{ title: 'On the floor', description: `<@${alice.id}> <@${carol.id}>` }],
      },
    });
    const message = sandbox.messages(general.id).at(-1)!;

    // Only bob is pinged: the message carries him, so every client can name him, in the embed too.
    expect(sandbox.render(message, alice)).toBe(
      [
        '[#general] sandbox-bot:',
        `  @bob and <@${carol.id}>, time to stretch`,
        '  | **On the floor**',
        `  | @Alice <@${carol.id}>`,
      ].join('\n'),
    );
    // Carol's own client knows her; one that has loaded her (she spoke recently, say) names her too.
    expect(sandbox.render(message, carol)).toContain('@bob and @Carol, time to stretch');
    expect(sandbox.render(message, bob, { loaded: [carol] })).toContain('| <@' + alice.id + '> @Carol');
  });

  test('with allowed_mentions that pings nobody, content mentions stay raw for a viewer who knows nobody', async () => {
    const { sandbox, bob, general } = await startWorld();
    const client = await startTinyBot(sandbox);
    await client.rest.post(Routes.channelMessages(general.id), {
      body: { content: `Well held, <@${bob.id}>`, allowed_mentions: { parse: [] } },
    });
    const message = sandbox.messages(general.id).at(-1)!;
    expect(sandbox.render(message)).toContain(`Well held, <@${bob.id}>`);
    expect(sandbox.render(message, bob)).toContain('Well held, @bob');
  });

  test("an interaction's reply carries the member who ran it; other members in its embed stay raw", async () => {
    const { sandbox, guild, alice, bob } = await startWorld();
    const client = await startTinyBot(sandbox);
    await client.application.commands.set([{ name: 'board', description: 'A board' }]);
    client.on(Events.InteractionCreate, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply({
        embeds: [{ description: `🥇 <@${bob.id}>\n🥈 <@${alice.id}>` }],
        allowedMentions: { parse: [] },
      });
    });
    const reply = await sandbox.runCommand({ guild, user: alice, name: 'board' }).reply();
    expect(sandbox.render(reply, bob)).toContain(`| 🥇 @bob\n  | 🥈 @Alice`);
    expect(sandbox.render(reply, sandbox.addUser({ username: 'dave' }))).toContain(
      `| 🥇 <@${bob.id}>\n  | 🥈 @Alice`,
    );
  });

  test('allowed_mentions.users takes at most 100 users (400 50035), as Discord documents', async () => {
    const { sandbox, general } = await startWorld();
    const client = await startTinyBot(sandbox);
    const users = Array.from({ length: 101 }, (_, i) => `${1_000_000_000_000_000 + i}`);
    const refused = await client.rest
      .post(Routes.channelMessages(general.id), { body: { content: 'hi', allowed_mentions: { users } } })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DiscordAPIError);
    expect((refused as DiscordAPIError).code).toBe(50035);
    expect(sandbox.rejected).toHaveLength(1);
  });
});
