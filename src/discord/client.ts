import { Client, GatewayIntentBits, Options, type ClientOptions } from 'discord.js';

export function createDiscordClient(options: {
  apiUrl?: string;
  overrides?: Partial<ClientOptions>;
}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates],
    // Nothing the bot sends may ping anyone unless a message asks for it explicitly.
    allowedMentions: { parse: [], repliedUser: false },
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    ...(options.apiUrl ? { rest: { api: options.apiUrl } } : {}),
    ...options.overrides,
  });
}
