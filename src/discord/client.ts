import {
  Client,
  GatewayIntentBits,
  LimitedCollection,
  Options,
  type CacheFactory,
  type ClientOptions,
} from 'discord.js';

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

export function createDiscordClient(options: {
  apiUrl?: string;
  overrides?: Partial<ClientOptions>;
}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates],
    // Nothing the bot sends may ping anyone unless a message asks for it explicitly.
    allowedMentions: { parse: [], repliedUser: false },
    makeCache: makeCache(),
    ...(options.apiUrl ? { rest: { api: options.apiUrl } } : {}),
    ...options.overrides,
  });
}
