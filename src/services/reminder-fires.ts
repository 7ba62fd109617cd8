import type { Clock } from '../core/clock.js';
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

/** `member-left`: a personal reminder's member is no longer in its server (Discord said so). */
export type Delivery = 'sent' | 'member-left' | { refused: Refusal };

/** A message body as Discord's REST API takes it. */
export type ScheduledMessage = Record<string, unknown>;

/** What scheduled posts need from Discord; the discord.js edge implements it. */
export interface ReminderSender {
  /**
   * The message a fire posts: the reminder's text, or the weekly board. `holdRefused`: why the hold the
   * schedule opens can't open this time, so the post does not say it opens.
   */
  compose(reminder: Reminder, fireAt: Date, holdRefused?: HoldError | null): Promise<ScheduledMessage>;
  /** Posts it where the reminder goes; the nonce makes a repeated attempt land once. Throws on a passing fault. */
  deliver(reminder: Reminder, message: ScheduledMessage, nonce: string): Promise<Delivery>;
  /** Tells whoever can fix it (the member; for server posts the admin who set it up and the server's owner). */
  tellOwnerDisabled(reminder: Reminder): Promise<void>;
}

export type FireOutcome = 'sent' | 'skipped' | 'missed' | 'failed';

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

/** How late a missed fire may still go out: minutes for a reminder, the rest of the week for the board. */
const lateGraceOf = (reminder: Reminder) =>
  reminder.kind === 'leaderboard' ? 6 * 24 * 3_600_000 : reminderRules.lateGraceMs;

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

  return {
    /**
     * One claimed fire, decided and settled: too late is missed, a member who logged that day is
     * spared, otherwise it is posted; the third failure in a row switches the reminder off. Throws on
     * a passing fault, leaving the fire unsettled so that it is sent again, with the same nonce.
     */
    async fire({ reminder, fireAt }: ClaimedFire): Promise<FireOutcome> {
      const settle = async (outcome: FireOutcome) => {
        await deps.reminders.settle({ reminderId: reminder.id, fireAt }, outcome, deps.clock.now());
        return outcome;
      };
      if (deps.clock.now().getTime() - fireAt.getTime() > lateGraceOf(reminder)) return settle('missed');
      if (reminder.onlyIfNotLogged && (await memberLoggedThatDay(reminder, fireAt))) return settle('skipped');

      // Composing the board asks Discord about members; a lasting refusal there fails the fire, not retries it.
      // Asked before the post is written, so a hold that can't open is not announced as opening.
      const holdRefused = await holdRefusal(reminder);
      const message = await deps.sender.compose(reminder, fireAt, holdRefused).catch((error: unknown) => {
        if (isLastingRefusal(error)) return null;
        throw error;
      });
      if (message) await deps.limiter.take();
      const delivery: Delivery = message
        ? await deps.sender.deliver(reminder, message, fireNonce(reminder.id, fireAt))
        : { refused: 'refused' };
      if (delivery === 'sent') {
        metrics.scheduledWorkRan('reminder', deps.clock.now().getTime() - fireAt.getTime());
        await settle('sent');
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
