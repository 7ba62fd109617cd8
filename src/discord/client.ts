import { Client, GatewayIntentBits, Options, type ClientOptions } from 'discord.js';
import type { ShardSet } from '../core/shards.js';

export function createDiscordClient(options: {
  apiUrl?: string | undefined;
  shards?: ShardSet | undefined;
  overrides?: Partial<ClientOptions>;
}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates],
    // Nothing the bot sends may ping anyone unless a message asks for it explicitly.
    allowedMentions: { parse: [], repliedUser: false },
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    ...(options.apiUrl ? { rest: { api: options.apiUrl } } : {}),
    ...(options.shards ? { shards: [...options.shards.ids], shardCount: options.shards.count } : {}),
    ...options.overrides,
  });
}
