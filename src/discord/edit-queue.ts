import { createRateLimiter } from '../shared/rate-limiter.js';
import { isLastingRefusal } from '../shared/request-brake.js';

const yieldPollMs = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Message edits that may pile up (hundreds of holds' live messages): paced to `perSecond`, and a newer
 * edit of the same message replaces one still waiting, so only the latest state is ever sent. While
 * `yieldWhile` says so, no edit starts. A message Discord refuses to edit for good is not edited again.
 */
export function createEditQueue(perSecond: number, options: { yieldWhile?: () => boolean } = {}) {
  const limiter = createRateLimiter(perSecond);
  const yieldWhile = options.yieldWhile ?? (() => false);
  const waiting = new Map<string, { send: () => Promise<unknown>; waiters: Waiter[] }>();
  /** Messages Discord refused to edit for good (no access, no permission): asking again would only add refusals. */
  const refused = new Set<string>();
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
        (error: unknown) => {
          if (isLastingRefusal(error)) refused.add(key);
          job.waiters.forEach((w) => w.reject(error));
        },
      );
    }
    pumping = false;
  }

  return {
    /** Resolves once this state (or a later one) of the message has been sent. */
    edit(messageId: string, send: () => Promise<unknown>): Promise<void> {
      if (refused.has(messageId)) return Promise.resolve();
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

/**
 * Changes to a message shown at most every `minGapMs` each: a change after a quiet gap goes at once,
 * later ones within the gap are held, the newest replacing older ones, until `due` says their time
 * has come. Time is the caller's (the bot's clock), so a test's clock paces it too. An urgent change
 * goes at once and drops what was held, being newer.
 */
export function createEditPacer<T>(minGapMs: number) {
  const lastSent = new Map<string, number>();
  const held = new Map<string, T>();

  return {
    /** The state to send now, or undefined when it is held to be folded into a later edit. */
    offer(key: string, state: T, now: number, urgent = false): T | undefined {
      if (!urgent && now - (lastSent.get(key) ?? -Infinity) < minGapMs) {
        held.set(key, state);
        return undefined;
      }
      held.delete(key);
      lastSent.set(key, now);
      return state;
    },

    /** The held states whose gap has passed at `now`, to send now, and when the next is due (Infinity: none). */
    due(now: number): { states: T[]; nextAt: number } {
      const states: T[] = [];
      let nextAt = Infinity;
      for (const [key, state] of held) {
        const at = (lastSent.get(key) ?? -Infinity) + minGapMs;
        if (at > now) {
          nextAt = Math.min(nextAt, at);
          continue;
        }
        held.delete(key);
        lastSent.set(key, now);
        states.push(state);
      }
      return { states, nextAt };
    },

    /** The message changes no more (its hold is over): nothing of it is kept. */
    forget(key: string): void {
      lastSent.delete(key);
      held.delete(key);
    },
  };
}
