import {
  ApplicationCommandResponseSchema,
  GatewayBotResponseSchema,
  GuildChannelResponseSchema,
  GuildMemberResponseSchema,
  GuildResponseSchema,
  InteractionCallbackResponseSchema,
  MessageResponseSchema,
  PrivateChannelResponseSchema,
  ThreadResponseSchema,
  UserResponseSchema,
} from 'discord-api-spec/zod';
import { ChannelType, Events, Routes } from 'discord.js';
import { expect, test } from 'vitest';
import * as z from 'zod/mini';
import { startTinyBot, startWorld } from './tiny-bot.js';

const issues = (schema: z.ZodMiniType, value: unknown) => {
  const result = z.safeParse(schema, value);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

test("the sandbox answers in the shapes of Discord's OpenAPI response schemas", async () => {
  const { sandbox, guild, alice, general } = await startWorld();
  const client = await startTinyBot(sandbox);
  const { rest } = client;
  const [command] = (await rest.put(Routes.applicationCommands(sandbox.applicationId), {
    body: [
      { name: 'ping', description: 'Ping', options: [{ type: 3, name: 'word', description: 'A word' }] },
    ],
  })) as unknown[];
  let callback: unknown;
  client.on(Events.InteractionCreate, async (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    callback = await rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
      body: { type: 4, data: { content: 'pong' } },
      query: new URLSearchParams({ with_response: 'true' }),
      auth: false,
    });
  });
  await sandbox.runCommand({ guild, user: alice, name: 'ping' }).reply();
  await expect.poll(() => callback).toBeDefined();
  const button = { type: 2, style: 1, custom_id: 'hold:join', label: 'Join' };

  const answers: [string, z.ZodMiniType, unknown][] = [
    ['gateway/bot', GatewayBotResponseSchema, await rest.get(Routes.gatewayBot())],
    ['users/@me', UserResponseSchema, await rest.get(Routes.user('@me'))],
    ['command', ApplicationCommandResponseSchema, command],
    ['callback with_response', InteractionCallbackResponseSchema, callback],
    [
      'message',
      MessageResponseSchema,
      await rest.post(Routes.channelMessages(general.id), {
        body: { content: 'hi', embeds: [{ title: 'Hold' }], components: [{ type: 1, components: [button] }] },
      }),
    ],
    [
      'message with a file',
      MessageResponseSchema,
      await rest.post(Routes.channelMessages(general.id), {
        body: { content: 'export', attachments: [{ id: '0', filename: 'data.json' }] },
        files: [{ name: 'data.json', data: Buffer.from('{}'), contentType: 'application/json' }],
      }),
    ],
    ['text channel', GuildChannelResponseSchema, await rest.get(Routes.channel(general.id))],
    [
      'voice channel',
      GuildChannelResponseSchema,
      await rest.get(Routes.channel(guild.channel('General').id)),
    ],
    [
      'category',
      GuildChannelResponseSchema,
      await rest.get(Routes.channel(guild.channel('Text Channels').id)),
    ],
    [
      'thread',
      ThreadResponseSchema,
      await rest.post(Routes.threads(general.id), { body: { name: 'hold', type: ChannelType.PublicThread } }),
    ],
    [
      'dm channel',
      PrivateChannelResponseSchema,
      await rest.post(Routes.userChannels(), { body: { recipient_id: alice.id } }),
    ],
    ['member', GuildMemberResponseSchema, await rest.get(Routes.guildMember(guild.id, alice.id))],
    ['guild', GuildResponseSchema, await rest.get(Routes.guild(guild.id))],
  ];

  for (const [name, schema, answer] of answers)
    expect({ name, issues: issues(schema, answer) }).toEqual({ name, issues: [] });
});
