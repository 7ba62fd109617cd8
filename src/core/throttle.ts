/**
 * A token bucket per member: `burst` commands at once, refilled at `burst` per `windowMs`.
 * Kept in memory: a restart forgives everyone, which is fine for spam control.
 */
export function createThrottle(options: { burst: number; windowMs: number; now: () => number }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = options.burst / options.windowMs;

  return {
    /** True when the member may go ahead (and a token is spent); false when they must slow down. */
    allow(key: string): boolean {
      const now = options.now();
      const bucket = buckets.get(key) ?? { tokens: options.burst, at: now };
      bucket.tokens = Math.min(options.burst, bucket.tokens + (now - bucket.at) * refillPerMs);
      bucket.at = now;
      buckets.set(key, bucket);
      if (buckets.size > 10_000) {
        for (const [k, b] of buckets) if (b.tokens >= options.burst) buckets.delete(k);
      }
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}
