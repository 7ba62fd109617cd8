import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../core/clock.js';
import { nextFireTimes } from '../core/cron.js';
import type { Reminder } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { ReminderFireService } from '../services/reminder-fires.js';
import type { ClaimedFire, RemindersRepository } from '../services/reminders.repository.js';
import type { RateLimiter } from '../shared/rate-limiter.js';
import type { RequestBrake } from '../shared/request-brake.js';

export interface ReminderDispatcher {
  /** Claims and sends what is due; tests call it after moving their clock. */
  tick(): Promise<void>;
  /** Resolves when every claimed fire has been settled. */
  drain(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

const leaseName = 'reminder-sender';
const leaseMs = 30_000;
/** A claimed fire not settled within this was abandoned by a crashed process and is sent again. */
const abandonedAfterMs = 60_000;
/** Claim no more than can be sent in this long, so a claim never sits unsent long enough to look abandoned. */
const claimAheadMs = 10_000;

/**
 * After downtime a reminder may have missed several instants: it fires once, for the latest of them,
 * and moves past the rest. Never a burst.
 */
export function planFire(reminder: Reminder, now: Date): { fireAt: Date; next: Date } {
  const never = new Date(8_640_000_000_000_000);
  // Instants more than a week old can only be skipped; start the walk no earlier than that.
  let fireAt = reminder.nextFireAt;
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  let next = nextFireTimes(reminder.cron, reminder.timeZone, fireAt < weekAgo ? weekAgo : fireAt, 1)[0];
  while (next && next <= now) {
    fireAt = next;
    next = nextFireTimes(reminder.cron, reminder.timeZone, fireAt, 1)[0];
  }
  return { fireAt, next: next ?? never };
}

/** planFire for many reminders at one instant: reminders sharing a schedule ("daily 20:30" in one zone) are planned once. */
export function createFirePlanner(now: Date): (reminder: Reminder) => { fireAt: Date; next: Date } {
  const plans = new Map<string, { fireAt: Date; next: Date }>();
  return (reminder) => {
    const key = `${reminder.cron}|${reminder.timeZone}|${reminder.nextFireAt.getTime()}`;
    let planned = plans.get(key);
    if (!planned) plans.set(key, (planned = planFire(reminder, now)));
    return planned;
  };
}

/** Claims what is due, once across every process, and hands each fire to the use case that decides it. */
export function createReminderDispatcher(deps: {
  /** Claims and the sender's lease. */
  reminders: RemindersRepository;
  fires: ReminderFireService;
  /** The pace the fires are posted at, which bounds how many are claimed at once. */
  limiter: RateLimiter;
  clock: Clock;
  logger: Logger;
  /** Which reminders this process may send; the database lease makes one sender at a time. */
  holder?: string;
  brake?: RequestBrake;
}): ReminderDispatcher {
  const holder = deps.holder ?? randomUUID();
  const inFlight = new Set<Promise<void>>();
  /** The fires this process is sending now, by key: it never claims one of them again as abandoned. */
  const sending = new Set<string>();
  const keyOf = (claimed: ClaimedFire) => `${claimed.reminder.id}@${claimed.fireAt.getTime()}`;
  let task: ScheduledTask | undefined;
  let ticking: Promise<void> | undefined;
  let stopping = false;

  function launch(claimed: ClaimedFire) {
    const key = keyOf(claimed);
    sending.add(key);
    const running = deps.fires
      .fire(claimed)
      .then(() => undefined)
      .catch((error: unknown) =>
        // Left unsettled on purpose: after a while it counts as abandoned and is claimed again (re-sent
        // within the nonce's trust, looked for past it).
        deps.logger.warn({ err: error, reminder: claimed.reminder.id }, 'reminder not delivered, will retry'),
      )
      .finally(() => {
        inFlight.delete(running);
        sending.delete(key);
      });
    inFlight.add(running);
  }

  async function tick(): Promise<void> {
    const now = deps.clock.now();
    if (!(await deps.reminders.holdLease(leaseName, holder, now, leaseMs))) return;
    const room = () =>
      Math.max(0, Math.floor((deps.limiter.perSecond * claimAheadMs) / 1000) - inFlight.size);

    // Re-sends of fires that failed can wait while Discord refuses too much.
    const abandoned = deps.brake?.engaged
      ? []
      : await deps.reminders.claimAbandoned({
          olderThan: new Date(now.getTime() - abandonedAfterMs),
          // A weekly board may go out until its week ends: eight days covers any of its fires.
          since: new Date(now.getTime() - 8 * 24 * 3_600_000),
          holder,
          now,
          limit: room(),
        });
    // Still being sent here (its settling waits out a database blip): it is not abandoned.
    abandoned.filter((claimed) => !sending.has(keyOf(claimed))).forEach(launch);

    const plan = createFirePlanner(now);
    while (!stopping && room() > 0) {
      const claimed = await deps.reminders.claimDue({ now, limit: Math.min(500, room()), holder, plan });
      if (claimed.length === 0) break;
      claimed.forEach(launch);
    }
  }

  const runTick = () => {
    ticking ??= tick()
      .catch((error: unknown) => deps.logger.error({ err: error }, 'reminder tick failed'))
      .finally(() => (ticking = undefined));
    return ticking;
  };

  return {
    tick: runTick,
    async drain() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
    start() {
      stopping = false;
      task = cron.schedule('*/5 * * * * *', () => void runTick(), { name: 'reminders', noOverlap: true });
    },
    async stop() {
      stopping = true;
      await task?.destroy();
      await ticking;
      while (inFlight.size > 0) await Promise.all(inFlight);
      // Releasing only lets another process take over sooner; with the database gone, the lease runs out.
      await deps.reminders
        .releaseLease(leaseName, holder)
        .catch((error: unknown) => deps.logger.warn({ err: error }, 'reminder lease not released'));
    },
  };
}
