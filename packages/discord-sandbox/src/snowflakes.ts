import { randomBytes } from 'node:crypto';
import { DiscordSnowflake } from '@sapphire/snowflake';

// Fixed so that logs and tests can name the bot; Discord gives new bots the same id for user and application.
export const BOT_USER_ID = '1196242344345600000';
export const APPLICATION_ID = BOT_USER_ID;

export type IdGenerator = () => string;

// Real snowflakes: discord.js derives createdTimestamp from them and buckets rate limits by them.
export function createIdGenerator(now: () => number): IdGenerator {
  return () => DiscordSnowflake.generate({ timestamp: now() }).toString();
}

export function shardFor(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export function randomToken(bytes = 48): string {
  return randomBytes(bytes).toString('base64url');
}
