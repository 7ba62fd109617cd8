import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../core/clock.js';
import { runInBackground, type Logger } from '../logger.js';
import type { PrivacyService } from '../services/privacy.js';

/** The database lease that makes one process purge at a time (see RemindersRepository.holdLease). */
export interface Leases {
  holdLease(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
}

export interface ServerPurge {
  /** Purges the servers whose grace period is over; tests call it after moving their clock. */
  run(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

const leaseName = 'server-purge';
/** Longer than any purge takes, so a second process never starts on the same servers. */
const leaseMs = 15 * 60_000;

/**
 * Once an hour, deletes the data of servers the bot was removed from more than the grace period ago.
 * The grace period is days long, so an hourly look is precise enough, and missed looks (the bot was
 * down) simply happen at the next one.
 */
export function createServerPurge(deps: {
  privacy: PrivacyService;
  leases: Leases;
  clock: Clock;
  logger: Logger;
}): ServerPurge {
  const holder = randomUUID();
  let task: ScheduledTask | undefined;
  let running: Promise<void> | undefined;

  async function purge() {
    if (!(await deps.leases.holdLease(leaseName, holder, deps.clock.now(), leaseMs))) return;
    try {
      const purged = await deps.privacy.purgeRemovedServers();
      if (purged.length > 0) deps.logger.info({ guildIds: purged }, 'purged the data of removed servers');
    } finally {
      await deps.leases.releaseLease(leaseName, holder);
    }
  }

  const run = () =>
    (running ??= runInBackground(deps.logger, 'server purge failed', purge).finally(
      () => (running = undefined),
    ));

  return {
    run,
    start() {
      task = cron.schedule('17 * * * *', () => void run(), { name: 'server-purge', noOverlap: true });
    },
    async stop() {
      await task?.destroy();
      await running;
    },
  };
}
