import { Client, DefaultRestOptions, GatewayIntentBits, Options, type ClientOptions } from 'discord.js';
import type { ShardSet } from '../core/shards.js';
import { createRateLimiter } from '../scheduler/rate-limiter.js';

/**
 * Discord allows a bot 50 requests a second in all, interaction responses aside. discord.js counts
 * them in fixed one-second windows, which lets up to twice as many through across a window's edge;
 * every request also passes this limiter, which keeps any one-second span under the limit. Several
 * processes share the budget in proportion to the shards each runs.
 */
const globalRequestsPerSecond = 48;
const isInteractionResponse = (url: string) => /\/(interactions|webhooks)\//.test(url);

export function createDiscordClient(options: {
  apiUrl?: string | undefined;
  shards?: ShardSet | undefined;
  overrides?: Partial<ClientOptions>;
}): Client {
  const share = options.shards ? options.shards.ids.length / options.shards.count : 1;
  const limiter = createRateLimiter(Math.max(1, Math.floor(globalRequestsPerSecond * share)));
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates],
    // Nothing the bot sends may ping anyone unless a message asks for it explicitly.
    allowedMentions: { parse: [], repliedUser: false },
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    rest: {
      ...(options.apiUrl ? { api: options.apiUrl } : {}),
      async makeRequest(url, init) {
        if (!isInteractionResponse(url)) await limiter.take();
        return DefaultRestOptions.makeRequest(url, init);
      },
    },
    ...(options.shards ? { shards: [...options.shards.ids], shardCount: options.shards.count } : {}),
    ...options.overrides,
  });
}
