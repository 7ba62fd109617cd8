/** The shards one process runs, out of how many the bot has. */
export interface ShardSet {
  readonly ids: readonly number[];
  readonly count: number;
}

/** Discord's rule for which shard receives a guild's events. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export function ownsGuild(shards: ShardSet, guildId: string): boolean {
  return shards.ids.includes(shardOf(guildId, shards.count));
}
