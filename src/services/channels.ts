import type { ChannelFacts } from '../core/channel-fit.js';

/** What the services may ask of Discord about channels; the discord.js edge implements it from its cache. */
export interface ChannelDirectory {
  /** The channel's server and kind; undefined when the bot knows no such channel. */
  facts(channelId: string): ChannelFacts | undefined;
  /** Whether the member can see this voice channel and connect to it (View Channel and Connect). */
  canConnect(request: { guildId: string; channelId: string; userId: string }): Promise<boolean>;
}
