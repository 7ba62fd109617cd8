import type { ShardSet } from '../core/shards.js';
import type { Logger } from '../logger.js';
import type { HoldService } from '../services/holds.js';

export const holdSweepMs = 5_000;

export interface HoldTimer {
  /** Does whatever is due now, live-message edits included; tests call it after moving their clock. */
  runDue(): Promise<void>;
  start(): void;
  /** Look again now: something changed, such as a hold starting. */
  poke(): void;
  stop(): Promise<void>;
}

/**
 * Holds live in the database; this only decides when to look: at the next due moment of any hold,
 * and at least every few seconds, so a hold started by another process or left by a crash is picked up.
 * One look at a time; a wake-up during a look makes another look follow at once.
 */
export function createHoldTimer(deps: {
  holds: HoldService;
  logger: Logger;
  /** Only the holds of these shards' guilds; all holds when the bot runs as one process. */
  shards?: ShardSet | undefined;
}): HoldTimer {
  let timer: NodeJS.Timeout | undefined;
  let looking: Promise<void> | undefined;
  let lookAgain = false;
  let stopped = true;

  async function look(): Promise<void> {
    let next = Date.now() + holdSweepMs;
    try {
      next = Math.min(next, await deps.holds.advanceHolds(deps.shards));
    } catch (error) {
      deps.logger.error({ err: error }, 'hold timer failed');
    }
    if (!stopped) schedule(next);
  }

  function lookNow(): Promise<void> {
    if (looking) {
      lookAgain = true;
      return looking;
    }
    looking = look().finally(() => {
      looking = undefined;
      if (lookAgain) {
        lookAgain = false;
        void lookNow();
      }
    });
    return looking;
  }

  function schedule(at: number) {
    clearTimeout(timer);
    timer = setTimeout(() => void lookNow(), Math.max(0, at - Date.now()));
  }

  return {
    async runDue() {
      await looking;
      await lookNow();
      await deps.holds.settled();
    },
    start() {
      stopped = false;
      schedule(Date.now());
    },
    poke() {
      if (!stopped) void lookNow();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await looking;
      await deps.holds.settled();
    },
  };
}
