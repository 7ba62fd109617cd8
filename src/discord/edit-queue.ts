import { createRateLimiter } from '../shared/rate-limiter.js';

const yieldPollMs = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Message edits that may pile up (hundreds of holds' live messages): paced to `perSecond`, and a newer
 * edit of the same message replaces one still waiting, so only the latest state is ever sent. While
 * `yieldWhile` says so, no edit starts.
 */
export function createEditQueue(perSecond: number, options: { yieldWhile?: () => boolean } = {}) {
  const limiter = createRateLimiter(perSecond);
  const yieldWhile = options.yieldWhile ?? (() => false);
  const waiting = new Map<string, { send: () => Promise<unknown>; waiters: Waiter[] }>();
  let pumping = false;

  async function pump() {
    pumping = true;
    while (waiting.size > 0) {
      // Something more urgent holds the request budget (announcements members wait for): edits wait.
      while (yieldWhile()) await sleep(yieldPollMs);
      await limiter.take();
      const [key, job] = waiting.entries().next().value!;
      waiting.delete(key);
      job.send().then(
        () => job.waiters.forEach((w) => w.resolve()),
        (error: unknown) => job.waiters.forEach((w) => w.reject(error)),
      );
    }
    pumping = false;
  }

  return {
    /** Resolves once this state (or a later one) of the message has been sent. */
    edit(messageId: string, send: () => Promise<unknown>): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        const job = waiting.get(messageId);
        if (job) {
          job.send = send;
          job.waiters.push({ resolve, reject });
        } else {
          waiting.set(messageId, { send, waiters: [{ resolve, reject }] });
        }
        if (!pumping) void pump();
      });
    },
  };
}
