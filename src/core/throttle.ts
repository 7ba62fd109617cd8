/** Past this many members seen, the throttle forgets those idle for a window (at most once a window). */
const maxBuckets = 10_000;

/**
 * What each kind of interaction costs from a member's budget. A button press is cheaper than a command
 * (a board page or Join is one tap of something already on screen); autocomplete runs on keystrokes,
 * so typing a time zone and then the command stays within a burst.
 */
export const interactionCost = { command: 1, button: 0.5, autocomplete: 0.1 } as const;

/**
 * Token buckets by key: `burst` tokens at once, refilled at `burst` per `windowMs`. Kept in memory: a
 * restart forgives everyone, which is fine for spam control.
 */
export function createThrottle(options: { burst: number; windowMs: number; now: () => number }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = options.burst / options.windowMs;
  let prunedAt = -Infinity;

  /** The bucket refilled up to now. A clock stepped back (an NTP correction) counts as no time passing. */
  function refilled(key: string, now: number) {
    const bucket = buckets.get(key) ?? { tokens: options.burst, at: now };
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(options.burst, bucket.tokens + elapsed * refillPerMs);
    bucket.at = now;
    buckets.set(key, bucket);
    return bucket;
  }

  function prune(now: number) {
    // A bucket left alone for a whole window is full again, so forgetting it changes nothing.
    if (prunedAt > now) prunedAt = now;
    if (buckets.size > maxBuckets && now - prunedAt >= options.windowMs) {
      prunedAt = now;
      for (const [k, b] of buckets) if (now - b.at >= options.windowMs) buckets.delete(k);
    }
  }

  /** Whether `key` has `cost` tokens left now, spending nothing. */
  function affords(key: string, cost: number): boolean {
    const now = options.now();
    const bucket = refilled(key, now);
    prune(now);
    // A tiny tolerance, so ten autocompletes of 0.1 add up to one token as a member would expect.
    return bucket.tokens >= cost - 1e-9;
  }

  /** Spends `cost` from `key`, which `affords` said it could. */
  function spend(key: string, cost: number): void {
    const bucket = buckets.get(key);
    if (bucket) bucket.tokens -= cost;
  }

  return {
    affords,
    spend,
    /** True when the member may go ahead (and `cost` is spent); false when they must slow down. */
    allow(key: string, cost = 1): boolean {
      if (!affords(key, cost)) return false;
      spend(key, cost);
      return true;
    },
  };
}

/**
 * One budget per member for commands, buttons and autocomplete, counted in each server and, at twice
 * that, across all servers: a member in many servers can't multiply their allowance by spreading out.
 */
export function createMemberBudget(options: { burst: number; windowMs: number; now: () => number }) {
  const perServer = createThrottle(options);
  const acrossServers = createThrottle({ ...options, burst: options.burst * 2 });
  return {
    /** `guildId` null for a DM. True when the member may go ahead; the cost is then spent from both budgets. */
    allow(member: { guildId: string | null; userId: string }, cost: number): boolean {
      const serverKey = `${member.guildId ?? 'dm'}:${member.userId}`;
      // Both are asked before either is spent, so a refusal by one costs nothing from the other.
      if (!perServer.affords(serverKey, cost) || !acrossServers.affords(member.userId, cost)) return false;
      perServer.spend(serverKey, cost);
      acrossServers.spend(member.userId, cost);
      return true;
    },
  };
}
