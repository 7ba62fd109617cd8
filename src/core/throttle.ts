/** Past this many members seen, the throttle forgets those idle for a window (at most once a window). */
const maxBuckets = 10_000;

/**
 * A token bucket per member: `burst` commands at once, refilled at `burst` per `windowMs`.
 * Kept in memory: a restart forgives everyone, which is fine for spam control.
 */
export function createThrottle(options: { burst: number; windowMs: number; now: () => number }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = options.burst / options.windowMs;
  let prunedAt = -Infinity;

  return {
    /** True when the member may go ahead (and a token is spent); false when they must slow down. */
    allow(key: string): boolean {
      const now = options.now();
      const bucket = buckets.get(key) ?? { tokens: options.burst, at: now };
      bucket.tokens = Math.min(options.burst, bucket.tokens + (now - bucket.at) * refillPerMs);
      bucket.at = now;
      buckets.set(key, bucket);
      // A bucket left alone for a whole window is full again, so forgetting it changes nothing.
      if (buckets.size > maxBuckets && now - prunedAt >= options.windowMs) {
        prunedAt = now;
        for (const [k, b] of buckets) if (now - b.at >= options.windowMs) buckets.delete(k);
      }
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}
