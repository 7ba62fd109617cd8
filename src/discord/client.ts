import {
  Client,
  DefaultRestOptions,
  GatewayIntentBits,
  LimitedCollection,
  Options,
  type CacheFactory,
  type ClientOptions,
} from 'discord.js';
import type { ShardSet } from '../core/shards.js';
import { createRateLimiter } from '../shared/rate-limiter.js';
import type { InvalidRequestBrake, RequestBrake } from '../shared/request-brake.js';

// Caches of things Align never looks at. Limited to nothing, they never hold anything, so a single one
// can serve every guild and channel instead of one each (tens of thousands of channels in a thousand servers).
const unusedCaches = new Set([
  'MessageManager',
  'PresenceManager',
  'GuildEmojiManager',
  'GuildStickerManager',
  'GuildInviteManager',
  'GuildBanManager',
  'GuildScheduledEventManager',
  'StageInstanceManager',
  'AutoModerationRuleManager',
  'ReactionManager',
  'ReactionUserManager',
  // Hold threads are found through the client's channel cache; no channel needs a list of its threads.
  'GuildTextThreadManager',
  'GuildForumThreadManager',
  'ThreadMemberManager',
]);

/**
 * What discord.js keeps in memory. Channels, roles and permission overwrites stay whole, as discord.js
 * needs them. Members and users are not kept, apart from the bot itself: handlers read them from the
 * interaction and ask Discord otherwise. Voice states stay, because holds follow voice channels.
 */
function makeCache(): CacheFactory {
  const nothing = new LimitedCollection({ maxSize: 0 });
  const limited = Options.cacheWithLimits({
    GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
    UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
  });
  return ((managerType, holds, manager) =>
    unusedCaches.has(managerType.name) || unusedCaches.has(manager.name)
      ? nothing
      : limited(managerType, holds, manager)) as CacheFactory;
}

/**
 * Discord allows a bot 50 requests a second in all, interaction responses aside. discord.js counts
 * them in fixed one-second windows, which lets up to twice as many through across a window's edge;
 * every request also passes this limiter, which keeps any one-second span under the limit. Several
 * processes share the budget in proportion to the shards each runs.
 */
const globalRequestsPerSecond = 48;
const isInteractionResponse = (url: string) => /\/(interactions|webhooks)\//.test(url);

const brakes = new WeakMap<Client, RequestBrake>();
const neverEngaged: RequestBrake = { engaged: false };

/** The brake on this client's refused requests, for the edge's optional work (board member fetches). */
export function requestBrakeOf(client: Client): RequestBrake {
  return brakes.get(client) ?? neverEngaged;
}

export function createDiscordClient(options: {
  apiUrl?: string | undefined;
  shards?: ShardSet | undefined;
  overrides?: Partial<ClientOptions>;
  /** Hears every answer's status, so the process can slow down before Cloudflare bans it. */
  brake?: InvalidRequestBrake;
}): Client {
  const share = options.shards ? options.shards.ids.length / options.shards.count : 1;
  const limiter = createRateLimiter(Math.max(1, Math.floor(globalRequestsPerSecond * share)));
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates],
    // Nothing the bot sends may ping anyone unless a message asks for it explicitly.
    allowedMentions: { parse: [], repliedUser: false },
    makeCache: makeCache(),
    rest: {
      ...(options.apiUrl ? { api: options.apiUrl } : {}),
      async makeRequest(url, init) {
        if (!isInteractionResponse(url)) await limiter.take();
        const response = await DefaultRestOptions.makeRequest(url, init);
        // Read here rather than from the 'response' event, which makes discord.js copy every response.
        options.brake?.record(response.status, response.headers.get('x-ratelimit-scope'));
        return response;
      },
    },
    ...(options.shards ? { shards: [...options.shards.ids], shardCount: options.shards.count } : {}),
    ...options.overrides,
  });
  if (options.brake) brakes.set(client, options.brake);
  return client;
}
