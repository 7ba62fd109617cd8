/**
 * Evenly spaced permits: at most `perSecond` a second across everything scheduled, so the whole bot
 * stays under Discord's global 50 requests a second with room left for members' commands.
 */
export interface RateLimiter {
  take(): Promise<void>;
  readonly perSecond: number;
}

export function createRateLimiter(perSecond: number): RateLimiter {
  const gapMs = 1000 / perSecond;
  let nextSlot = 0;
  return {
    perSecond,
    take() {
      const now = performance.now();
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + gapMs;
      const wait = slot - now;
      return wait <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, wait));
    },
  };
}
