import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../core/clock.js';
import { localDay } from '../core/days.js';
import type { Reminder } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { noMetrics, type Metrics } from '../shared/metrics.js';
import { holdRules, type HoldService } from '../services/holds.js';
import type { LogsRepository } from '../services/logs.repository.js';
import { reminderRules } from '../services/reminders.js';
import type { ClaimedFire, RemindersRepository } from '../services/reminders.repository.js';
import type { SettingsRepository } from '../services/settings.repository.js';
import { nextFireTimes } from '../core/cron.js';
import type { RateLimiter } from '../shared/rate-limiter.js';

export type Delivery = 'sent' | 'unreachable';

/** What scheduled posts need from Discord; the discord.js edge implements it. */
export interface ReminderSender {
  /** The message a fire posts: the reminder's text, or the weekly board. */
  compose(reminder: Reminder, fireAt: Date): Promise<ScheduledMessage>;
  /** Posts it; the nonce makes a repeated attempt land once. Throws on a passing fault. */
  deliver(channelId: string, message: ScheduledMessage, nonce: string): Promise<Delivery>;
  tellOwnerDisabled(reminder: Reminder): Promise<void>;
}

/** A message body as Discord's REST API takes it. */
export type ScheduledMessage = Record<string, unknown>;

/** How late a missed fire may still go out: minutes for a reminder, the rest of the week for the board. */
const lateGraceOf = (reminder: Reminder) =>
  reminder.kind === 'leaderboard' ? 6 * 24 * 3_600_000 : reminderRules.lateGraceMs;

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

/** Discord nonces are at most 25 characters: reminder id and fire instant, in base 36. */
export const fireNonce = (reminderId: number, fireAt: Date) =>
  `r${reminderId.toString(36)}.${Math.floor(fireAt.getTime() / 1000).toString(36)}`;

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

export function createReminderDispatcher(deps: {
  reminders: RemindersRepository;
  logs: LogsRepository;
  settings: SettingsRepository;
  holds: HoldService;
  sender: ReminderSender;
  limiter: RateLimiter;
  clock: Clock;
  logger: Logger;
  /** Which reminders this process may send; the database lease makes one sender at a time. */
  holder?: string;
  metrics?: Metrics;
}): ReminderDispatcher {
  const holder = deps.holder ?? randomUUID();
  const metrics = deps.metrics ?? noMetrics;
  const inFlight = new Set<Promise<void>>();
  let task: ScheduledTask | undefined;
  let ticking: Promise<void> | undefined;
  let stopping = false;

  async function memberLoggedThatDay(reminder: Reminder, fireAt: Date) {
    const member = { guildId: reminder.guildId, userId: reminder.ownerId };
    const { zone } = await deps.settings.timeZoneOf(member);
    return deps.logs.loggedOn({ ...member, localDay: localDay(fireAt, zone) });
  }

  async function fire({ reminder, fireAt }: ClaimedFire): Promise<void> {
    const settle = (outcome: 'sent' | 'skipped' | 'missed' | 'failed') =>
      deps.reminders.settle({ reminderId: reminder.id, fireAt }, outcome, deps.clock.now());
    if (deps.clock.now().getTime() - fireAt.getTime() > lateGraceOf(reminder)) return settle('missed');
    if (reminder.onlyIfNotLogged && (await memberLoggedThatDay(reminder, fireAt))) return settle('skipped');

    const message = await deps.sender.compose(reminder, fireAt);
    await deps.limiter.take();
    const delivery = await deps.sender.deliver(reminder.channelId, message, fireNonce(reminder.id, fireAt));
    if (delivery === 'sent') {
      metrics.scheduledWorkRan('reminder', deps.clock.now().getTime() - fireAt.getTime());
      await settle('sent');
      await deps.reminders.recordSuccess(reminder.id);
      if (reminder.openHoldRoutine) await openHold(reminder);
      return;
    }
    await settle('failed');
    const after = await deps.reminders.recordFailure(
      reminder.id,
      reminderRules.maxFailures,
      reminder.kind === 'personal' ? 'I could not send you a DM' : 'I could not post in the channel',
    );
    if (after && !after.enabled) await deps.sender.tellOwnerDisabled(after);
  }

  async function openHold(reminder: Reminder) {
    const result = await deps.holds.startHold({
      guildId: reminder.guildId,
      originChannelId: reminder.channelId,
      userId: reminder.ownerId,
      routine: reminder.openHoldRoutine!,
      startsInMinutes: holdRules.scheduledLobbyMinutes,
      starterJoins: false,
    });
    if (!result.ok)
      deps.logger.info({ reminder: reminder.id, reason: result.error.code }, 'scheduled hold not opened');
  }

  function launch(claimed: ClaimedFire) {
    const running = fire(claimed)
      .catch((error: unknown) =>
        // Left unsettled on purpose: after a while it counts as abandoned and is sent again, same nonce.
        deps.logger.warn({ err: error, reminder: claimed.reminder.id }, 'reminder not delivered, will retry'),
      )
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  }

  async function tick(): Promise<void> {
    const now = deps.clock.now();
    if (!(await deps.reminders.holdLease(leaseName, holder, now, leaseMs))) return;
    const room = () =>
      Math.max(0, Math.floor((deps.limiter.perSecond * claimAheadMs) / 1000) - inFlight.size);

    const abandoned = await deps.reminders.claimAbandoned({
      olderThan: new Date(now.getTime() - abandonedAfterMs),
      since: new Date(now.getTime() - 6 * 24 * 3_600_000),
      holder,
      now,
      limit: room(),
    });
    abandoned.forEach(launch);

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
