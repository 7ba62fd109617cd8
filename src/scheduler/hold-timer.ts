import type { Logger } from '../logger.js';
import type { HoldService } from '../services/holds.js';

export const holdSweepMs = 5_000;

export interface HoldTimer {
  /** Does whatever is due now; tests call it after moving their clock. */
  runDue(): Promise<void>;
  start(): void;
  /** Look again now: something changed, such as a hold starting. */
  poke(): void;
  stop(): Promise<void>;
}

/**
 * Holds live in the database; this only decides when to look: at the next due moment of any hold,
 * and at least every few seconds, so a hold started by another process or left by a crash is picked up.
 */
export function createHoldTimer(deps: {
  holds: HoldService;
  logger: Logger;
  guildIds?: () => readonly string[] | undefined;
}): HoldTimer {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  async function runDue(): Promise<void> {
    let next = Date.now() + holdSweepMs;
    try {
      next = Math.min(next, await deps.holds.advanceHolds(deps.guildIds?.()));
    } catch (error) {
      deps.logger.error({ err: error }, 'hold timer failed');
    }
    if (!stopped) schedule(next);
  }

  function schedule(at: number) {
    clearTimeout(timer);
    timer = setTimeout(
      () => {
        running = runDue();
      },
      Math.max(0, at - Date.now()),
    );
  }

  return {
    runDue: () => (running = running?.then(runDue) ?? runDue()),
    start() {
      stopped = false;
      schedule(Date.now());
    },
    poke() {
      if (!stopped) schedule(Date.now());
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
