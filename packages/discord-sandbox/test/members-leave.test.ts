import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  InteractionContextType,
  MessageFlags,
  Partials,
  type Interaction,
} from 'discord.js';
import { describe, expect, test } from 'vitest';
import { startTinyBot, startWorld } from './tiny-bot.js';

const codeOf = (error: unknown) => (error instanceof DiscordAPIError ? error.code : error);

describe('members who leave', () => {
  test('GUILD_MEMBER_REMOVE reaches only sessions with the GuildMembers intent', async () => {
    const { sandbox, bob, guild } = await startWorld({ allowPrivilegedIntents: true });
    const plain = await startTinyBot(sandbox);
    const withMembers = await startTinyBot(sandbox, {
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers],
      // The member was never cached (GUILD_CREATE lists only the bot without GuildPresences).
      partials: [Partials.GuildMember],
    });
    const removed = new Promise<string>((resolve) =>
      withMembers.once(Events.GuildMemberRemove, (member) => resolve(member.id)),
    );
    let plainHeard = false;
    plain.on(Events.GuildMemberRemove, () => (plainHeard = true));

    sandbox.removeMember(guild, bob);

    // docs/events/gateway-events.mdx: Guild Member Remove is in the GUILD_MEMBERS (privileged) intent.
    expect(await removed).toBe(bob.id);
    const eventsOf = (intents: number) =>
      sandbox.sessions.filter((s) => s.intents === intents).flatMap((s) => s.sent.map((e) => e.t));
    expect(eventsOf(1 | 2)).toContain('GUILD_MEMBER_REMOVE');
    expect(eventsOf(1 | 128)).not.toContain('GUILD_MEMBER_REMOVE');
    expect(plainHeard).toBe(false);
  });

  test('the member is then unknown to GET member (404 10007) and out of voice', async () => {
    const { sandbox, bob, guild, floor } = await startWorld();
    const client = await startTinyBot(sandbox);
    sandbox.joinVoice(bob, guild, floor);
    const cached = client.guilds.cache.get(guild.id)!;
    await expect.poll(() => cached.voiceStates.cache.get(bob.id)?.channelId).toBe(floor.id);
    expect((await cached.members.fetch({ user: bob.id, force: true })).id).toBe(bob.id);

    sandbox.removeMember(guild, bob);

    await expect.poll(() => cached.voiceStates.cache.get(bob.id)?.channelId ?? null).toBeNull();
    expect(sandbox.voiceChannelOf(bob, guild)).toBeNull();
    const error = await cached.members
      .fetch({ user: bob.id, force: true })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 404, code: 10007, message: 'Unknown Member' });
  });

  test('a DM to someone who shares no server with the bot fails 403 50278; opening the DM still works', async () => {
    const { sandbox, bob, guild } = await startWorld();
    const client = await startTinyBot(sandbox);
    const other = sandbox.createGuild({
      name: 'Other',
      owner: sandbox.addUser({ username: 'olga' }),
      members: [bob],
    });
    const user = await client.users.fetch(bob.id);

    sandbox.removeMember(guild, bob);
    // Still in a server with the bot: the DM arrives.
    await user.send('still here');
    sandbox.removeMember(other, bob);
    const dm = await user.createDM(true);
    const refused = await dm.send('gone').catch((caught: unknown) => caught);

    // docs/topics/opcodes-and-status-codes.mdx: 50278 "Cannot send messages to this user due to having no mutual guilds".
    expect(refused).toMatchObject({ status: 403, code: 50278 });
    expect(sandbox.messagesFor(bob).map((m) => m.content)).toEqual(['still here']);
  });

  test('a DM to someone whose only shared server removed the bot fails 50278 too', async () => {
    const { sandbox, bob, guild } = await startWorld();
    const client = await startTinyBot(sandbox);
    const user = await client.users.fetch(bob.id);
    sandbox.removeBot(guild);

    expect(await user.send('hello').catch(codeOf)).toBe(50278);
  });

  test('a post to a channel of a server that removed the bot is refused 403 50001', async () => {
    const { sandbox, general, guild } = await startWorld();
    const client = await startTinyBot(sandbox);
    sandbox.removeBot(guild);

    const refused = await client.rest
      .post(`/channels/${general.id}/messages`, { body: { content: 'hello' } })
      .catch(codeOf);
    expect(refused).toBe(50001);
  });

  test('a button on the bot’s DM can be pressed by its recipient: the interaction has `user`, not `member`, and context BotDM', async () => {
    const { sandbox, alice, bob } = await startWorld();
    const client = await startTinyBot(sandbox);
    const pressed = new Promise<Interaction>((resolve) =>
      client.on(Events.InteractionCreate, (interaction) => {
        if (!interaction.isButton()) return;
        resolve(interaction);
        void interaction.reply({
          content: `stopped by ${interaction.user.id}`,
          flags: MessageFlags.Ephemeral,
        });
      }),
    );
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('stop:1').setLabel('Stop').setStyle(ButtonStyle.Secondary),
    );
    const dm = await (
      await client.users.fetch(alice.id)
    ).send({ content: 'Time to stretch', components: [row] });

    const click = sandbox.clickButton({ message: dm.id, label: 'Stop', user: alice });
    const reply = await click.reply();
    const interaction = await pressed;

    expect(interaction.inGuild()).toBe(false);
    expect(interaction.member).toBeNull();
    expect(interaction.user.id).toBe(alice.id);
    expect(interaction.context).toBe(InteractionContextType.BotDM);
    expect(reply.content).toBe(`stopped by ${alice.id}`);
    expect(reply.ephemeral).toBe(true);
    // Only the DM's recipient sees it, so nobody else can press its buttons.
    expect(() => sandbox.clickButton({ message: dm.id, label: 'Stop', user: bob })).toThrow(
      /another user's DM/,
    );
  });
});
