import type { Clock } from '../core/clock.js';
import { canonicalTimeZone, fixedOffsetZone, localDay } from '../core/days.js';
import { bridgesForZoneChange, streakRecord } from '../core/streaks.js';
import { err, ok, type Result } from '../core/result.js';
import type { TimeZoneError } from '../core/time-zones.errors.js';
import type { LogsRepository } from './logs.repository.js';
import type { SettingsRepository } from './settings.repository.js';

export type TimeZoneService = ReturnType<typeof createTimeZoneService>;

const unknownZone = (zone: string) => {
  const fixed = fixedOffsetZone(zone);
  if (fixed) return err<TimeZoneError>({ code: 'timezone.fixed_offset', typed: zone, zone: fixed });
  return err<TimeZoneError>({
    code: zone.includes('/') ? 'timezone.unknown' : 'timezone.abbreviation',
    typed: zone,
  });
};

export function createTimeZoneService({
  settings,
  logs,
  clock,
}: {
  settings: SettingsRepository;
  logs: LogsRepository;
  clock: Clock;
}) {
  /**
   * A change of zone never breaks a streak by itself: moving east can make the member's today jump
   * past a day they never got to live (Pago Pago to Kiritimati skips a date), so the days it took
   * become bridges that join their streak without counting in it.
   */
  async function keepStreak(member: { guildId: string; userId: string }, from: string, to: string) {
    const now = clock.now();
    const [oldToday, newToday] = [localDay(now, from), localDay(now, to)];
    if (newToday <= oldToday) return;
    const [days, bridgesOf] = await Promise.all([
      logs.activeDays(member),
      settings.streakBridgesOf(member.guildId, [member.userId]),
    ]);
    const bridges = bridgesOf.get(member.userId) ?? [];
    const added = bridgesForZoneChange(streakRecord(days, bridges), oldToday, newToday);
    if (added.length === 0) return;
    const all = [...new Set([...bridges, ...added])].sort();
    await settings.bridgeStreak(member, all, streakRecord(days, all));
  }

  return {
    timeZoneOf: settings.timeZoneOf,

    async setMemberTimeZone(request: {
      guildId: string;
      userId: string;
      timeZone: string;
    }): Promise<Result<string, TimeZoneError>> {
      const zone = canonicalTimeZone(request.timeZone.trim());
      if (!zone) return unknownZone(request.timeZone);
      const before = await settings.timeZoneOf(request);
      await settings.setMemberTimeZone({ ...request, timeZone: zone });
      await keepStreak(request, before.zone, zone);
      return ok(zone);
    },

    async setServerTimeZone(request: {
      guildId: string;
      timeZone: string;
    }): Promise<Result<string, TimeZoneError>> {
      const zone = canonicalTimeZone(request.timeZone.trim());
      if (!zone) return unknownZone(request.timeZone);
      const before = await settings.serverTimeZone(request.guildId);
      await settings.setServerTimeZone({ ...request, timeZone: zone });
      for (const userId of await settings.membersOnServerZone(request.guildId)) {
        await keepStreak({ guildId: request.guildId, userId }, before, zone);
      }
      return ok(zone);
    },
  };
}
