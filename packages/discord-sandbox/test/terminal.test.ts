import { PassThrough } from 'node:stream';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Events,
  MessageFlags,
  SlashCommandBuilder,
  type TextChannel,
} from 'discord.js';
import { expect, test } from 'vitest';
import { runTerminal } from '../src/terminal.js';
import { startTinyBot, startWorld } from './tiny-bot.js';

test('a script runs line by line and prints the bot replies and posts readably', async () => {
  const { sandbox, guild, alice, bob, general } = await startWorld();
  const client = await startTinyBot(sandbox);
  await client.application.commands.set([
    new SlashCommandBuilder()
      .setName('log')
      .setDescription('Log')
      .addStringOption((option) => option.setName('exercise').setDescription('What').setRequired(true))
      .addIntegerOption((option) => option.setName('amount').setDescription('How many').setRequired(true))
      .toJSON(),
    new SlashCommandBuilder().setName('hold').setDescription('Start a hold').toJSON(),
  ]);
  const join = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId('hold:join').setLabel('Join').setStyle(ButtonStyle.Primary),
  );
  client.on(Events.InteractionCreate, async (interaction) => {
    if (interaction.isChatInputCommand() && interaction.commandName === 'log') {
      const amount = interaction.options.getInteger('amount', true);
      await interaction.reply({
        content: `Logged ${amount} ${interaction.options.getString('exercise')}`,
        flags: MessageFlags.Ephemeral,
      });
    } else if (interaction.isChatInputCommand()) {
      await interaction.reply({ content: 'Static back hold, ends <t:4102444800:R>', components: [join] });
    } else if (interaction.isButton()) {
      await interaction.update({
        content: `Static back hold with ${interaction.user.username}`,
        components: [],
      });
    }
  });
  client.on(Events.VoiceStateUpdate, async (_old, now) => {
    if (now.channelId) {
      await (client.channels.cache.get(general.id) as TextChannel).send(
        `${now.member?.user.username} is on the floor`,
      );
    }
  });

  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  input.end(
    [
      '/log pushups 30',
      '/log pushups lots',
      'as bob',
      '/hold',
      'click Join',
      'voice join',
      'whatever',
      '',
    ].join('\n'),
  );

  await runTerminal({
    sandbox,
    guild,
    members: [alice, bob],
    input,
    output,
    interactive: false,
    quietMs: 50,
  });

  expect(printed).toContain(
    'alice> /log pushups 30\n[#general] sandbox-bot:\n  Logged 30 pushups\n  (only you can see this)\n',
  );
  expect(printed).toContain('! amount must be a whole number, not "lots"');
  expect(printed).toContain(
    'now acting as bob\nbob> /hold\n[#general] sandbox-bot:\n  Static back hold, ends in ',
  );
  expect(printed).toContain('  [Join]\n');
  expect(printed).toContain(
    'bob> click Join\n[#general] sandbox-bot (edited):\n  Static back hold with bob\n',
  );
  expect(printed).toContain('bob joined voice #General\n[#general] sandbox-bot:\n  bob is on the floor\n');
  expect(printed).toContain('I don\'t understand "whatever"');
});
