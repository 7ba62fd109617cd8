/**
 * Permits for everything scheduled, so the whole bot stays under Discord's global 50 requests a second
 * with room left for members' commands: evenly spaced, and never more than `perSecond` in any one-second
 * span, even when a busy event loop wakes several waiters at once.
 */
export interface RateLimiter {
  take(): Promise<void>;
  readonly perSecond: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createRateLimiter(perSecond: number): RateLimiter {
  const gapMs = 1000 / perSecond;
  const recent: number[] = [];
  let nextSlot = 0;
  let queue: Promise<void> = Promise.resolve();

  async function admit(): Promise<void> {
    const wait = nextSlot - performance.now();
    if (wait > 0) await sleep(wait);
    for (;;) {
      const now = performance.now();
      while (recent.length > 0 && recent[0]! <= now - 1000) recent.shift();
      if (recent.length < perSecond) break;
      await sleep(recent[0]! + 1000 - now);
    }
    const now = performance.now();
    recent.push(now);
    nextSlot = now + gapMs;
  }

  return {
    perSecond,
    take() {
      queue = queue.then(admit);
      return queue;
    },
  };
}
