import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  Events,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  Routes,
  SlashCommandBuilder,
  type Client,
  type Interaction,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type TextChannel,
} from 'discord.js';
import { describe, expect, test } from 'vitest';
import { manualClock, startTinyBot, startWorld } from './tiny-bot.js';

const commands = [
  new SlashCommandBuilder()
    .setName('log')
    .setDescription('Log an exercise')
    .addStringOption((option) =>
      option.setName('exercise').setDescription('What').setRequired(true).setAutocomplete(true),
    )
    .addIntegerOption((option) =>
      option.setName('amount').setDescription('How many').setRequired(true).setMinValue(1),
    )
    .addStringOption((option) => option.setName('note').setDescription('A note'))
    .addUserOption((option) => option.setName('buddy').setDescription('Who helped')),
  new SlashCommandBuilder().setName('slow').setDescription('Defers first'),
  new SlashCommandBuilder()
    .setName('hold')
    .setDescription('Holds')
    .addSubcommand((sub) =>
      sub
        .setName('start')
        .setDescription('Start one')
        .addStringOption((option) => option.setName('routine').setDescription('Which').setRequired(true)),
    ),
  new SlashCommandBuilder()
    .setName('setup')
    .setDescription('Admin settings')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild),
].map((command) => command.toJSON());

async function botWith(
  handler: (interaction: Interaction, client: Client<true>) => Promise<unknown>,
  options = {},
) {
  const world = await startWorld(options);
  const client = await startTinyBot(world.sandbox);
  await client.application.commands.set(commands);
  client.on(Events.InteractionCreate, (interaction) => {
    handler(interaction, client).catch((error: unknown) => errors.push(error));
  });
  const errors: unknown[] = [];
  return { ...world, client, errors };
}

describe('interactions', () => {
  test('a slash command carries typed options and resolved users, and the reply comes back', async () => {
    const { sandbox, guild, alice, bob } = await botWith(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const buddy = interaction.options.getUser('buddy');
      const amount = interaction.options.getInteger('amount', true);
      await interaction.reply(
        `${interaction.user.username} did ${amount} ${interaction.options.getString('exercise')} with ${buddy?.username} in #${(interaction.channel as TextChannel).name}`,
      );
    });

    const handle = sandbox.runCommand({
      guild,
      user: alice,
      name: 'log',
      options: { exercise: 'pushups', amount: 30, buddy: bob },
    });
    const reply = await handle.reply();

    expect(reply.content).toBe('alice did 30 pushups with bob in #general');
    expect(reply.ephemeral).toBe(false);
    expect(handle.callbackType).toBe(4);
    expect(sandbox.messages(guild.channel('general').id)).toEqual([reply]);
    expect(sandbox.rejected).toEqual([]);
    expect(sandbox.unimplemented).toEqual([]);
  });

  test('deferReply then editReply: the edit is the response, ephemeral stays set', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { sandbox, guild, alice } = await botWith(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await gate;
      await interaction.editReply('done after thinking');
    });

    const handle = sandbox.runCommand({ guild, user: alice, name: 'slow' });
    expect(await handle.acknowledged()).toBe(5);
    expect(handle.original?.content).toBe('');
    release();
    const reply = await handle.reply();

    expect(reply.content).toBe('done after thinking');
    expect(reply.ephemeral).toBe(true);
    expect(handle.deferred).toBe(true);
  });

  test('a deferred reply edited with files (multipart) keeps them on the ephemeral reply', async () => {
    const { sandbox, guild, alice, errors } = await botWith(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply({
        content: 'here you are',
        files: [{ attachment: Buffer.from('héllo, "world"\n'), name: 'note.csv' }],
      });
    });

    const reply = await sandbox.runCommand({ guild, user: alice, name: 'slow' }).reply();

    expect(errors).toEqual([]);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe('here you are');
    expect(reply.attachments.map((file) => [file.filename, file.data.toString('utf8')])).toEqual([
      ['note.csv', 'héllo, "world"\n'],
    ]);
    expect(sandbox.rejected).toEqual([]);
  });

  test('follow-ups are collected, with their own ephemeral flag', async () => {
    const { sandbox, guild, alice } = await botWith(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply('public');
      await interaction.followUp({ content: 'just for you', flags: MessageFlags.Ephemeral });
    });

    const handle = sandbox.runCommand({ guild, user: alice, name: 'slow' });
    const followUp = await handle.followUp(0);

    expect((await handle.reply()).content).toBe('public');
    expect(followUp.content).toBe('just for you');
    expect(followUp.ephemeral).toBe(true);
    expect(handle.followUps).toHaveLength(1);
  });

  test('the first follow-up after a deferred reply replaces the "thinking…" message, with the defer’s flags', async () => {
    const { sandbox, guild, alice, errors } = await botWith(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      // Asked for privately, but Discord keeps the public defer's flags for this first follow-up.
      await interaction.followUp({ content: 'took a moment', flags: MessageFlags.Ephemeral });
      await interaction.followUp({ content: 'and one more', flags: MessageFlags.Ephemeral });
    });

    const handle = sandbox.runCommand({ guild, user: alice, name: 'slow' });
    const second = await handle.followUp(1);
    const first = await handle.followUp(0);

    expect(errors).toEqual([]);
    expect(first.id).toBe(handle.original?.id);
    expect(first.content).toBe('took a moment');
    expect(first.ephemeral).toBe(false);
    expect(second.id).not.toBe(first.id);
    expect(second.ephemeral).toBe(true);
  });

  test('after the deferred reply is deleted, a follow-up is a message of its own', async () => {
    const { sandbox, guild, alice, errors } = await botWith(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.deleteReply();
      await interaction.followUp({ content: 'here instead', flags: MessageFlags.Ephemeral });
    });

    const handle = sandbox.runCommand({ guild, user: alice, name: 'slow' });
    const followUp = await handle.followUp(0);

    expect(errors).toEqual([]);
    expect(followUp.id).not.toBe(handle.original?.id);
    expect(followUp.ephemeral).toBe(true);
  });

  test('subcommands and withResponse', async () => {
    const { sandbox, guild, alice, errors } = await botWith(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const response = await interaction.reply({
        content: `${interaction.options.getSubcommand()} ${interaction.options.getString('routine')}`,
        withResponse: true,
      });
      if (response.resource?.message?.content !== 'start static-back') throw new Error('no resource message');
    });

    const reply = await sandbox.runCommandLine('/hold start static-back', { guild, user: alice }).reply();

    expect(reply.content).toBe('start static-back');
    expect(errors).toEqual([]);
  });

  test('autocomplete resolves to the choices the bot answered', async () => {
    const { sandbox, guild, alice } = await botWith(async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const typed = interaction.options.getFocused();
      const names = ['pushups', 'situps', 'squats'].filter((name) => name.startsWith(typed));
      await interaction.respond(names.map((name) => ({ name, value: name })));
    });

    const choices = await sandbox
      .autocomplete({ guild, user: alice, name: 'log', focused: { name: 'exercise', value: 's' } })
      .choices();

    expect(choices).toEqual([
      { name: 'situps', value: 'situps' },
      { name: 'squats', value: 'squats' },
    ]);
  });

  test('a button click is answered with an update of the same message', async () => {
    const { sandbox, guild, alice, bob } = await botWith(async (interaction) => {
      const row = (label: string) =>
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('hold:join:1').setLabel(label).setStyle(ButtonStyle.Primary),
        );
      if (interaction.isChatInputCommand()) {
        await interaction.reply({ content: 'Hold lobby', components: [row('Join')] });
      }
      if (interaction.isButton()) {
        await interaction.update({
          content: `Hold lobby: ${interaction.user.username}`,
          components: [row('Leave')],
        });
      }
    });
    const lobby = await sandbox.runCommand({ guild, user: alice, name: 'slow' }).reply();

    const click = sandbox.clickButton({ message: lobby, label: 'Join', user: bob });
    const updated = await click.reply();

    expect(updated).toBe(lobby);
    expect(updated.content).toBe('Hold lobby: bob');
    expect(updated.components[0]?.components?.[0]?.label).toBe('Leave');
    expect(click.callbackType).toBe(7);
    expect(() => sandbox.clickButton({ message: lobby, label: 'Join', user: bob })).toThrow(
      /no button "Join".*Leave/,
    );
  });

  test('a select menu sends the chosen values; a command also runs in the DM with the bot', async () => {
    const { sandbox, alice } = await botWith(async (interaction) => {
      const menu = new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
        new StringSelectMenuBuilder()
          .setCustomId('board:period')
          .addOptions({ label: 'Week', value: 'week' }, { label: 'Month', value: 'month' }),
      );
      if (interaction.isChatInputCommand()) {
        await interaction.reply({
          content: `in a DM: ${interaction.inGuild() ? 'no' : 'yes'}`,
          components: [menu],
        });
      }
      if (interaction.isStringSelectMenu()) await interaction.reply(`period ${interaction.values.join()}`);
    });

    const reply = await sandbox.runCommand({ user: alice, name: 'slow' }).reply();
    const chosen = await sandbox
      .selectMenu({ message: reply, customId: 'board:period', values: ['month'], user: alice })
      .reply();

    expect(reply.content).toBe('in a DM: yes');
    expect(reply.guildId).toBeNull();
    expect(chosen.content).toBe('period month');
    expect(sandbox.messagesFor(alice)).toEqual([reply, chosen]);
  });

  test('a modal is recorded on the handle', async () => {
    const { sandbox, guild, alice } = await botWith(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const note = new TextInputBuilder().setCustomId('note').setLabel('Note').setStyle(TextInputStyle.Short);
      await interaction.showModal(
        new ModalBuilder()
          .setCustomId('log:note')
          .setTitle('Add a note')
          .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(note)),
      );
    });

    const handle = sandbox.runCommand({ guild, user: alice, name: 'slow' });

    expect(await handle.acknowledged()).toBe(9);
    expect(handle.modal).toMatchObject({ custom_id: 'log:note', title: 'Add a note' });
    expect(sandbox.rejected).toEqual([]);
  });

  test('a second callback gets 40060', async () => {
    const { sandbox, guild, alice } = await botWith(async (interaction, client) => {
      if (!interaction.isChatInputCommand()) return;
      const route = Routes.interactionCallback(interaction.id, interaction.token);
      await client.rest.post(route, { body: { type: 4, data: { content: 'first' } }, auth: false });
      await client.rest.post(route, { body: { type: 4, data: { content: 'second' } }, auth: false });
    });

    const handle = sandbox.runCommand({ guild, user: alice, name: 'slow' });
    await handle.reply();

    await expect.poll(() => handle.problems.join()).toMatch(/40060/);
    expect(sandbox.messages().map((message) => message.content)).toEqual(['first']);
  });

  test('a callback after the 3 s deadline gets 10062 and the handle explains why', async () => {
    const clock = manualClock();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { sandbox, guild, alice, errors } = await botWith(
      async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await gate;
        await interaction.reply('too late');
      },
      { now: clock.now },
    );

    const handle = sandbox.runCommand({ guild, user: alice, name: 'slow' });
    clock.advance(3001);
    release();

    await expect(handle.reply(2000)).rejects.toThrow(/past Discord's 3000 ms deadline/);
    await expect.poll(() => errors).toEqual([expect.objectContaining({ code: 10062 })]);
  });

  test('interaction tokens expire after 15 minutes', async () => {
    const clock = manualClock();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let edit: Promise<unknown> | undefined;
    const { sandbox, guild, alice } = await botWith(
      async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.reply('starting');
        await gate;
        edit = interaction.editReply('later').catch((error: unknown) => error);
      },
      { now: clock.now },
    );

    await sandbox.runCommand({ guild, user: alice, name: 'slow' }).reply();
    clock.advance(15 * 60_000 + 1);
    release();

    await expect.poll(() => edit).toBeDefined();
    const error = await edit;
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50027);
  });

  test('no answer at all gives a readable timeout', async () => {
    const { sandbox, guild, alice } = await botWith(async () => {});
    await expect(sandbox.runCommand({ guild, user: alice, name: 'slow' }).reply(150)).rejects.toThrow(
      'no reply to /slow within 150 ms\n  the bot never acknowledged the interaction',
    );
  });

  test('unregistered commands, bad options and missing permissions fail before anything is sent', async () => {
    const { sandbox, guild, alice, bob } = await botWith(async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply('ok');
    });

    expect(() => sandbox.runCommand({ guild, user: alice, name: 'nope' })).toThrow(
      /\/nope is not registered \(registered: \/log/,
    );
    expect(() =>
      sandbox.runCommand({ guild, user: alice, name: 'log', options: { exercise: 'x', amount: 0 } }),
    ).toThrow('amount must be at least 1');
    expect(() => sandbox.runCommand({ guild, user: alice, name: 'log', options: { amount: 3 } })).toThrow(
      '/log needs exercise',
    );
    expect(() => sandbox.runCommand({ guild, user: bob, name: 'setup' })).toThrow(/bob cannot use \/setup/);

    sandbox.setMemberPermissions(guild, bob, PermissionFlagsBits.ManageGuild);
    expect((await sandbox.runCommand({ guild, user: bob, name: 'setup' }).reply()).content).toBe('ok');
    expect((await sandbox.runCommand({ guild, user: alice, name: 'setup' }).reply()).content).toBe('ok');
  });
});
