import type { Clock } from '../core/clock.js';
import { endOfLocalWeek, weekCoveredBy } from '../core/board-weeks.js';
import type { HoldError } from '../core/holds.errors.js';
import { localDay } from '../core/days.js';
import type { Reminder } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { noMetrics, type Metrics } from '../shared/metrics.js';
import type { RateLimiter } from '../shared/rate-limiter.js';
import { isLastingRefusal } from '../shared/request-brake.js';
import type { DepartureService } from './departures.js';
import { holdRules, type HoldService } from './holds.js';
import type { LogsRepository } from './logs.repository.js';
import { reminderRules } from './reminders.js';
import type { ClaimedFire, RemindersRepository } from './reminders.repository.js';
import type { SettingsRepository } from './settings.repository.js';

/**
 * Why Discord refused a post for good (any refusal but a rate limit): the fire is settled as failed,
 * never sent again, and after a few in a row the reminder is switched off.
 */
export type Refusal = 'dms-closed' | 'channel-gone' | 'not-allowed' | 'blocked' | 'refused';

/**
 * `sent`: the message Discord made, or null when an enforced nonce said the first attempt landed and
 * was deleted since. `member-left`: a personal reminder's member is no longer in its server.
 */
export type Delivery = { sent: string | null } | 'member-left' | { refused: Refusal };

/**
 * What the bot found where a fire would have posted: its message, none (so it never landed, or was
 * deleted), or no way to tell (it may not read there, or too much was posted since to be sure).
 */
export type PostLookup = { found: string } | 'absent' | 'cannot-look';

/** A message body as Discord's REST API takes it. */
export type ScheduledMessage = Record<string, unknown>;

/** What scheduled posts need from Discord; the discord.js edge implements it. */
export interface ReminderSender {
  /**
   * The message a fire posts: the reminder's text, or the weekly board. `holdRefused`: why the hold the
   * schedule opens can't open this time, so the post does not say it opens.
   */
  compose(reminder: Reminder, fireAt: Date, holdRefused?: HoldError | null): Promise<ScheduledMessage>;
  /**
   * Posts it where the reminder goes, carrying the fire's key; the key is also the nonce, which makes a
   * repeat within Discord's memory of nonces land once. Throws on a passing fault.
   */
  deliver(reminder: Reminder, message: ScheduledMessage, key: string): Promise<Delivery>;
  /** Looks where the reminder posts for a message carrying `key`, posted at `postingAt` or after. */
  findPosted(reminder: Reminder, key: string, postingAt: Date): Promise<PostLookup>;
  /** Tells whoever can fix it (the member; for server posts the admin who set it up and the server's owner). */
  tellOwnerDisabled(reminder: Reminder): Promise<void>;
}

export type FireOutcome = 'sent' | 'skipped' | 'missed' | 'failed' | 'unknown';

/** What /remind list, /schedule list and the owner's notice say about a reminder switched off by refusals. */
function refusalReason(reminder: Reminder, refusal: Refusal): string {
  if (reminder.kind === 'personal') return 'I could not send you a DM';
  switch (refusal) {
    case 'channel-gone':
      return 'its channel no longer exists';
    case 'not-allowed':
      return 'I’m not allowed to post in its channel';
    case 'blocked':
      return 'the server’s AutoMod blocked the post';
    default:
      return 'I could not post in the channel';
  }
}

/**
 * Whether a fire is past going out: a reminder minutes after its time, a weekly board once the local
 * week it was due in has ended (a bot back on Sunday still posts Monday's board).
 */
function tooLate(reminder: Reminder, fireAt: Date, now: Date): boolean {
  if (reminder.kind === 'leaderboard') return now >= endOfLocalWeek(fireAt, reminder.timeZone);
  return now.getTime() - fireAt.getTime() > reminderRules.lateGraceMs;
}

/**
 * How long after a post went out the bot trusts Discord to still know its nonce, so that sending it
 * again lands once. Discord says "the past few minutes" and publishes no number; past this, it looks.
 */
export const nonceTrustMs = 2 * 60_000;

/** After a post went out, its settling is retried this often for a while, so a database blip never re-sends it. */
const settleRetryMs = [500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

/** Discord nonces are at most 25 characters: reminder id and fire instant, in base 36. */
export const fireNonce = (reminderId: number, fireAt: Date) =>
  `r${reminderId.toString(36)}.${Math.floor(fireAt.getTime() / 1000).toString(36)}`;

export type ReminderFireService = ReturnType<typeof createReminderFireService>;

export function createReminderFireService(deps: {
  reminders: RemindersRepository;
  logs: LogsRepository;
  settings: SettingsRepository;
  holds: HoldService;
  sender: ReminderSender;
  /** Members who left: their reminders stop and boards leave them out. */
  departures: DepartureService;
  /** Paces the posts, so scheduled work leaves room under Discord's global limit. */
  limiter: RateLimiter;
  clock: Clock;
  logger: Logger;
  metrics?: Metrics;
}) {
  const metrics = deps.metrics ?? noMetrics;

  async function memberLoggedThatDay(reminder: Reminder, fireAt: Date) {
    const member = { guildId: reminder.guildId, userId: reminder.ownerId };
    const { zone } = await deps.settings.timeZoneOf(member);
    return deps.logs.loggedOn({ ...member, localDay: localDay(fireAt, zone) });
  }

  const holdRequest = (reminder: Reminder) => ({
    guildId: reminder.guildId,
    originChannelId: reminder.channelId,
    userId: reminder.ownerId,
    routine: reminder.openHoldRoutine!,
    startsInMinutes: holdRules.scheduledLobbyMinutes,
    starterJoins: false,
  });

  /** Why the schedule's hold can't open now (the one before still going…); null when it can. */
  async function holdRefusal(reminder: Reminder): Promise<HoldError | null> {
    if (!reminder.openHoldRoutine) return null;
    const checked = await deps.holds.checkStart(holdRequest(reminder));
    return checked.ok ? null : checked.error;
  }

  async function openHold(reminder: Reminder) {
    const result = await deps.holds.startHold(holdRequest(reminder));
    if (!result.ok)
      deps.logger.info({ reminder: reminder.id, reason: result.error.code }, 'scheduled hold not opened');
  }

  /** Keeps what Discord said about a post; retried through a database blip, since the post is out. */
  async function settlePosted(fire: { reminderId: number; fireAt: Date }, messageId: string | null) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await deps.reminders.settle(fire, 'sent', deps.clock.now(), messageId ?? undefined);
      } catch (error) {
        const wait = settleRetryMs[attempt];
        // Given up, the fire stays unsettled with its posting time: whoever claims it next looks first.
        if (wait === undefined) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /**
   * A fire re-claimed after a crash whose post went out at `postingAt`: within the nonce's trust it is
   * simply sent again (`repeat`); past it the bot looks for it first, and posts it afresh (`afresh`)
   * only when it is not there. Otherwise returns what was settled.
   */
  async function recover(claimed: ClaimedFire, postingAt: Date): Promise<FireOutcome | 'repeat' | 'afresh'> {
    const { reminder, fireAt } = claimed;
    const key = fireNonce(reminder.id, fireAt);
    const now = deps.clock.now();
    if (now.getTime() - postingAt.getTime() <= nonceTrustMs) {
      metrics.fireRecovered('resent');
      return 'repeat';
    }
    const lookup = await deps.sender.findPosted(reminder, key, postingAt);
    if (lookup === 'absent') {
      metrics.fireRecovered('absent');
      deps.logger.info(
        { reminder: reminder.id, fireAt },
        'reminder fire not found where it posts; posting it',
      );
      return 'afresh';
    }
    if (lookup === 'cannot-look') {
      metrics.fireRecovered('unknown');
      deps.logger.warn(
        { reminder: reminder.id, fireAt },
        'reminder fire may or may not have been posted, and the bot cannot look: settled as unknown, not re-sent',
      );
      await deps.reminders.settle({ reminderId: reminder.id, fireAt }, 'unknown', now);
      return 'unknown';
    }
    metrics.fireRecovered('found');
    await settlePosted({ reminderId: reminder.id, fireAt }, lookup.found);
    await deps.reminders.recordSuccess(reminder.id);
    return 'sent';
  }

  return {
    /**
     * One claimed fire, decided and settled: too late is missed, a member who logged that day is
     * spared, a board whose week was posted already is skipped, otherwise it is posted; the third
     * failure in a row switches the reminder off. Throws on a passing fault, leaving the fire unsettled
     * so that it is claimed again.
     */
    async fire(claimed: ClaimedFire): Promise<FireOutcome> {
      const { reminder, fireAt } = claimed;
      const fire = { reminderId: reminder.id, fireAt };
      const settle = async (outcome: FireOutcome) => {
        await deps.reminders.settle(fire, outcome, deps.clock.now());
        return outcome;
      };
      const recovered = claimed.postingAt ? await recover(claimed, claimed.postingAt) : 'afresh';
      if (recovered !== 'repeat' && recovered !== 'afresh') return recovered;
      if (tooLate(reminder, fireAt, deps.clock.now())) return settle('missed');
      if (reminder.onlyIfNotLogged && (await memberLoggedThatDay(reminder, fireAt))) return settle('skipped');
      if (reminder.kind === 'leaderboard') {
        const week = { guildId: reminder.guildId, weekStart: weekCoveredBy(fireAt, reminder.timeZone) };
        if (!(await deps.reminders.takeBoardWeek(week, fire, deps.clock.now()))) {
          deps.logger.info(
            { reminder: reminder.id, week: week.weekStart },
            'weekly board already posted for that week',
          );
          return settle('skipped');
        }
      }

      // Composing the board asks Discord about members; a lasting refusal there fails the fire, not retries it.
      // Asked before the post is written, so a hold that can't open is not announced as opening.
      const holdRefused = await holdRefusal(reminder);
      const message = await deps.sender.compose(reminder, fireAt, holdRefused).catch((error: unknown) => {
        if (isLastingRefusal(error)) return null;
        throw error;
      });
      if (message) await deps.limiter.take();
      const key = fireNonce(reminder.id, fireAt);
      let delivery: Delivery = { refused: 'refused' };
      if (message) {
        // A fresh attempt after the bot found nothing counts from now; a plain retry from the first post.
        await deps.reminders.markPosting(fire, deps.clock.now(), { restart: recovered === 'afresh' });
        delivery = await deps.sender.deliver(reminder, message, key);
      }
      if (typeof delivery === 'object' && 'sent' in delivery) {
        metrics.scheduledWorkRan('reminder', deps.clock.now().getTime() - fireAt.getTime());
        await settlePosted(fire, delivery.sent);
        await deps.reminders.recordSuccess(reminder.id);
        if (reminder.openHoldRoutine && !holdRefused) await openHold(reminder);
        return 'sent';
      }
      await settle('failed');
      if (delivery === 'member-left') {
        // Nobody to tell: they left, and a DM would be refused too.
        await deps.departures.membersLeft(reminder.guildId, [reminder.ownerId]);
        return 'failed';
      }
      const after = await deps.reminders.recordFailure(
        reminder.id,
        reminderRules.maxFailures,
        refusalReason(reminder, delivery.refused),
      );
      // A notice by DM to a member whose DMs are closed would only be refused once more.
      const noticeRefusedToo = reminder.kind === 'personal' && delivery.refused === 'dms-closed';
      if (after && !after.enabled && !noticeRefusedToo) await deps.sender.tellOwnerDisabled(after);
      return 'failed';
    },
  };
}
