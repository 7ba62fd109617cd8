import type { EventEmitter } from 'node:events';
import type { CommandStore } from './commands.js';
import type { Gateway } from './gateway.js';
import type { InteractionRegistry } from './interactions.js';
import type { MessageStore } from './messages.js';
import { channelPermissions, guildPermissions, hasPermission } from './permissions.js';
import type { RateLimits } from './rate-limits.js';
import { DiscordError } from './rest-server.js';
import type { IdGenerator } from './snowflakes.js';
import type { SandboxChannel, SandboxGuild, World } from './world.js';

export interface SandboxSettings {
  interactionDeadlineMs: number;
  tokenLifetimeMs: number;
  shards: number;
  maxConcurrency: number;
  gatewayUrl: () => string;
}

/** Everything the REST routes share. */
export interface SandboxContext {
  world: World;
  gateway: Gateway;
  messages: MessageStore;
  commands: CommandStore;
  interactions: InteractionRegistry;
  limits: RateLimits;
  now: () => number;
  nextId: IdGenerator;
  settings: SandboxSettings;
  /** 'message' (message, change) and 'channel' (channel, change) for observers such as the terminal. */
  events: EventEmitter;
}

export function findChannel(ctx: SandboxContext, id: string | undefined): SandboxChannel {
  const channel = id ? ctx.world.channels.get(id) : undefined;
  if (!channel) throw new DiscordError(404, 10003, 'Unknown Channel');
  return channel;
}

export function findGuild(ctx: SandboxContext, id: string | undefined): SandboxGuild {
  const guild = id ? ctx.world.guilds.get(id) : undefined;
  if (!guild) throw new DiscordError(404, 10004, 'Unknown Guild');
  return guild;
}

export function guildOf(ctx: SandboxContext, channel: SandboxChannel): SandboxGuild | null {
  if (!channel.guildId) return null;
  const guild = ctx.world.guilds.get(channel.guildId);
  // A channel of a server the bot was removed from still exists, but the bot may not see it.
  if (!guild) throw new DiscordError(403, 50001, 'Missing Access');
  return guild;
}

/** Throws Discord's 403 when the bot lacks a permission, in the channel when one is given. */
export function requireBotPermission(
  ctx: SandboxContext,
  guild: SandboxGuild,
  channel: SandboxChannel | null,
  ...flags: bigint[]
): void {
  const botId = ctx.world.botUser.id;
  const permissions = channel ? channelPermissions(guild, botId, channel) : guildPermissions(guild, botId);
  const viewChannel = 1n << 10n;
  if (channel && !hasPermission(permissions, viewChannel)) {
    throw new DiscordError(403, 50001, 'Missing Access');
  }
  for (const flag of flags) {
    if (!hasPermission(permissions, flag)) throw new DiscordError(403, 50013, 'Missing Permissions');
  }
}
