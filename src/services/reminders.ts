import { channelMisfit } from '../core/channel-fit.js';
import { boardTimeThisWeek, weekCoveredBy } from '../core/board-weeks.js';
import { visibleText } from '../core/member-text.js';
import type { Clock } from '../core/clock.js';
import type { HoldError } from '../core/holds.errors.js';
import type { RemindersError } from '../core/reminders.errors.js';
import { err, ok, type Result } from '../core/result.js';
import { routineById } from '../core/routines.js';
import { parseScheduleText } from '../core/schedule-text.js';
import type { Reminder } from '../db/schema.js';
import { DateTime } from 'luxon';
import {
  firstGapUnder,
  nextFireInNewZone,
  nextFireTimes,
  parseClockTime,
  parseSchedule,
} from '../core/cron.js';
import type { ChannelDirectory } from './channels.js';
import type { RemindersRepository } from './reminders.repository.js';
import type { SettingsRepository } from './settings.repository.js';

export const reminderRules = {
  /** Reminder and schedule numbers are database integers: a number past this names nothing. */
  maxNumber: 2_147_483_647,
  maxPerMember: 10,
  maxPerServer: 25,
  minGapMinutes: 15,
  maxMessageLength: 300,
  /** A fire missed while no bot was running is still sent this long after its time, once; older ones are skipped. */
  lateGraceMs: 10 * 60_000,
  /** After this many failed sends in a row (closed DMs, a deleted channel) the reminder is switched off. */
  maxFailures: 3,
} as const;

/** Shown in /remind list for a reminder stopped with the button on its DM. */
export const stoppedReason = 'you stopped it from its DM';

const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export interface SchedulePreview {
  cron: string;
  words: string;
  timeZone: string;
  next: Date[];
}

export type ReminderService = ReturnType<typeof createReminderService>;

export function createReminderService(deps: {
  reminders: RemindersRepository;
  settings: SettingsRepository;
  clock: Clock;
  /** Checks the channel a post goes to against Discord; absent (service tests), it is taken as given. */
  channels?: ChannelDirectory;
}) {
  const { reminders, settings, clock } = deps;

  /** A post's channel must be a text channel of the server, whatever the command declared. */
  function checkPostChannel(guildId: string, channelId: string): RemindersError | null {
    if (!deps.channels) return null;
    const misfit = channelMisfit('post', guildId, deps.channels.facts(channelId));
    return misfit ? { code: 'schedule.bad_channel', reason: misfit } : null;
  }

  /**
   * Reads a schedule and checks it against a full year of its real fires in the zone, every change of
   * the clock included: no two closer than the minimum, nor (for a windowed interval) than its interval.
   */
  function preview(when: string, zone: string): Result<SchedulePreview> {
    const now = clock.now();
    const text = parseScheduleText(when, { now, zone });
    if (!text.ok) return text;
    const schedule = parseSchedule(text.value.cron);
    if (!schedule.ok) return schedule;
    const next = nextFireTimes(text.value.cron, zone, now, 3);
    if (next.length === 0) return err<RemindersError>({ code: 'schedule.never' });
    const tooClose = firstGapUnder(text.value.cron, zone, now, reminderRules.minGapMinutes);
    if (tooClose) {
      return err<RemindersError>({
        code: 'schedule.too_often',
        minGapMinutes: reminderRules.minGapMinutes,
        gapMinutes: tooClose.gapMinutes,
        at: DateTime.fromJSDate(tooClose.at, { zone }).setLocale('en').toFormat("HH:mm 'on' d LLLL yyyy"),
      });
    }
    if (schedule.value.kind === 'window') {
      const { everyMinutes } = schedule.value;
      const overnight = firstGapUnder(text.value.cron, zone, now, everyMinutes);
      if (overnight) {
        return err<RemindersError>({
          code: 'schedule.window_gap',
          everyMinutes,
          gapMinutes: overnight.gapMinutes,
        });
      }
    }
    return ok({ ...text.value, timeZone: zone, next });
  }

  const isReminderNumber = (n: number) => Number.isInteger(n) && n >= 1 && n <= reminderRules.maxNumber;

  function checkMessage(message: string): Result<string> {
    const text = visibleText(message);
    if (text === '') return err<RemindersError>({ code: 'reminder.empty' });
    if (text.length > reminderRules.maxMessageLength) {
      return err<RemindersError>({ code: 'reminder.too_long', max: reminderRules.maxMessageLength });
    }
    return ok(text);
  }

  return {
    /** Checks a personal reminder before anything is done about it; `timeZone` overrides the member's. */
    async checkPersonal(request: { guildId: string; userId: string; when: string; message: string }) {
      const message = checkMessage(request.message);
      if (!message.ok) return message;
      const { zone } = await settings.timeZoneOf(request);
      const schedule = preview(request.when, zone);
      if (!schedule.ok) return schedule;
      if (
        (await reminders.countOf(request.guildId, 'personal', request.userId)) >= reminderRules.maxPerMember
      ) {
        return err<RemindersError>({ code: 'reminder.too_many', max: reminderRules.maxPerMember });
      }
      return ok({ schedule: schedule.value, message: message.value });
    },

    async addPersonal(request: {
      guildId: string;
      userId: string;
      when: string;
      message: string;
      onlyIfNotLogged: boolean;
      dmChannelId: string;
    }): Promise<Result<{ reminder: Reminder; schedule: SchedulePreview }>> {
      const checked = await this.checkPersonal(request);
      if (!checked.ok) return checked;
      const { schedule, message } = checked.value;
      await settings.markPresent(request);
      // Counted again under the member's lock: the check above may have raced another add.
      const reminder = await reminders.insertWithin(
        {
          guildId: request.guildId,
          ownerId: request.userId,
          kind: 'personal',
          channelId: request.dmChannelId,
          cron: schedule.cron,
          timeZone: schedule.timeZone,
          scheduleWords: schedule.words,
          message,
          onlyIfNotLogged: request.onlyIfNotLogged,
          nextFireAt: schedule.next[0]!,
        },
        reminderRules.maxPerMember,
      );
      if (!reminder)
        return err<RemindersError>({ code: 'reminder.too_many', max: reminderRules.maxPerMember });
      return ok({ reminder, schedule });
    },

    async addServerSchedule(request: {
      guildId: string;
      userId: string;
      channelId: string;
      when: string;
      message: string;
      openHoldRoutine?: string | null;
    }): Promise<Result<{ reminder: Reminder; schedule: SchedulePreview }>> {
      const badChannel = checkPostChannel(request.guildId, request.channelId);
      if (badChannel) return err(badChannel);
      const message = checkMessage(request.message);
      if (!message.ok) return message;
      const routine = request.openHoldRoutine ? routineById(request.openHoldRoutine) : undefined;
      if (request.openHoldRoutine && !routine)
        return err<HoldError>({ code: 'hold.unknown_routine', typed: request.openHoldRoutine });
      const schedule = preview(request.when, await settings.serverTimeZone(request.guildId));
      if (!schedule.ok) return schedule;
      if ((await reminders.countOf(request.guildId, 'server')) >= reminderRules.maxPerServer) {
        return err<RemindersError>({ code: 'schedule.too_many', max: reminderRules.maxPerServer });
      }
      // Counted again under the server's lock: the check above may have raced another add.
      const reminder = await reminders.insertWithin(
        {
          guildId: request.guildId,
          ownerId: request.userId,
          kind: 'server',
          channelId: request.channelId,
          cron: schedule.value.cron,
          timeZone: schedule.value.timeZone,
          scheduleWords: schedule.value.words,
          message: message.value,
          openHoldRoutine: routine?.id ?? null,
          nextFireAt: schedule.value.next[0]!,
        },
        reminderRules.maxPerServer,
      );
      if (!reminder)
        return err<RemindersError>({ code: 'schedule.too_many', max: reminderRules.maxPerServer });
      return ok({ reminder, schedule: schedule.value });
    },

    listPersonal: (request: { guildId: string; userId: string }) =>
      reminders.ofOwner(request.guildId, request.userId, 'personal'),

    listServer: (guildId: string) => reminders.ofServer(guildId),

    async removePersonal(request: {
      guildId: string;
      userId: string;
      number: number;
    }): Promise<Result<Reminder>> {
      if (!isReminderNumber(request.number)) return err<RemindersError>({ code: 'reminder.unknown' });
      const removed = await reminders.remove({ ...request, ownerId: request.userId, kind: 'personal' });
      return removed ? ok(removed) : err<RemindersError>({ code: 'reminder.unknown' });
    },

    /**
     * The Stop button on a reminder's DM: only its member may press it, and it works from the DM,
     * where a member who left the server can no longer run /remind.
     */
    async stopPersonal(request: {
      reminderId: number;
      userId: string;
    }): Promise<Result<{ reminder: Reminder; wasOn: boolean }>> {
      const found = await reminders.get(request.reminderId);
      if (!found || found.kind !== 'personal') return err<RemindersError>({ code: 'reminder.gone' });
      if (found.ownerId !== request.userId) return err<RemindersError>({ code: 'reminder.not_yours' });
      const { reminder, wasOn } = await reminders.switchOff(found.id, stoppedReason);
      return reminder ? ok({ reminder, wasOn }) : err<RemindersError>({ code: 'reminder.gone' });
    },

    /** A reminder just added whose confirmation DM Discord refused: it could never arrive, so it goes. */
    discardUndeliverable: (reminder: Reminder) => reminders.removeById(reminder.id),

    async removeServer(request: { guildId: string; number: number }): Promise<Result<Reminder>> {
      if (!isReminderNumber(request.number)) return err<RemindersError>({ code: 'schedule.unknown' });
      const removed = await reminders.remove({ ...request, kind: 'server' });
      return removed ? ok(removed) : err<RemindersError>({ code: 'schedule.unknown' });
    },

    /** Where and when the weekly board goes; it rides the same exactly-once queue as reminders. */
    async setWeeklyBoard(request: {
      guildId: string;
      userId: string;
      channelId: string;
      day: number;
      time: string;
    }): Promise<Result<{ reminder: Reminder; schedule: SchedulePreview }>> {
      const badChannel = checkPostChannel(request.guildId, request.channelId);
      if (badChannel) return err(badChannel);
      // Discord offers Monday (1) to Sunday (7); any other day is a crafted request, refused.
      if (!Number.isInteger(request.day) || request.day < 1 || request.day > 7)
        return err<RemindersError>({ code: 'board.bad_day' });
      const time = parseClockTime(request.time);
      if (!time) return err<RemindersError>({ code: 'board.bad_time' });
      const cron = `${time.minute} ${time.hour} * * ${request.day % 7}`;
      const zone = await settings.serverTimeZone(request.guildId);
      const next = nextFireTimes(cron, zone, clock.now(), 3);
      const words = `every ${weekdayNames[request.day - 1]} at ${request.time.trim().padStart(5, '0')}`;
      const reminder = await reminders.replaceWeeklyBoard({
        guildId: request.guildId,
        ownerId: request.userId,
        kind: 'leaderboard',
        channelId: request.channelId,
        cron,
        timeZone: zone,
        scheduleWords: words,
        message: 'Weekly leaderboard',
        nextFireAt: next[0]!,
      });
      return ok({ reminder, schedule: { cron, words, timeZone: zone, next } });
    },

    /**
     * After the server's time zone changes, its schedules and weekly board keep their local days and
     * times; a fire already made for a local day and time is not made again in the new zone, and
     * setting the same zone again changes nothing.
     */
    async followServerTimeZone(guildId: string) {
      /**
       * Moving east can put this week's board time behind the bot before it was posted: it is then due
       * now, unless that week's board (or a later one) went out already.
       */
      const boardStillDue = async (board: Reminder, zone: string) => {
        const at = boardTimeThisWeek(board.cron, zone, clock.now());
        if (!at) return undefined;
        const week = { guildId, weekStart: weekCoveredBy(at, zone) };
        return (await reminders.boardPostedFrom(week)) ? undefined : at;
      };
      const zone = await settings.serverTimeZone(guildId);
      const schedules = [
        ...(await reminders.ofServerKind(guildId, 'server')),
        ...(await reminders.ofServerKind(guildId, 'leaderboard')),
      ];
      for (const schedule of schedules) {
        if (schedule.timeZone === zone) continue;
        const next = nextFireInNewZone(schedule.cron, {
          from: schedule.timeZone,
          to: zone,
          pending: schedule.nextFireAt,
          now: clock.now(),
        });
        const due = schedule.kind === 'leaderboard' ? await boardStillDue(schedule, zone) : undefined;
        if (due ?? next) await reminders.reschedule(schedule.id, zone, (due ?? next)!);
      }
    },

    nextFireTimes: (reminder: Reminder, after: Date, count: number) =>
      nextFireTimes(reminder.cron, reminder.timeZone, after, count),
  };
}
