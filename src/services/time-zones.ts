import { canonicalTimeZone } from '../core/days.js';
import { err, ok, type Result } from '../core/result.js';
import type { TimeZoneError } from '../core/time-zones.errors.js';
import type { SettingsRepository } from './settings.repository.js';

export type TimeZoneService = ReturnType<typeof createTimeZoneService>;

const unknownZone = (zone: string) =>
  err<TimeZoneError>({
    code: zone.includes('/') ? 'timezone.unknown' : 'timezone.abbreviation',
    typed: zone,
  });

export function createTimeZoneService({ settings }: { settings: SettingsRepository }) {
  return {
    timeZoneOf: settings.timeZoneOf,

    async setMemberTimeZone(request: {
      guildId: string;
      userId: string;
      timeZone: string;
    }): Promise<Result<string, TimeZoneError>> {
      const zone = canonicalTimeZone(request.timeZone.trim());
      if (!zone) return unknownZone(request.timeZone);
      await settings.setMemberTimeZone({ ...request, timeZone: zone });
      return ok(zone);
    },

    async setServerTimeZone(request: {
      guildId: string;
      timeZone: string;
    }): Promise<Result<string, TimeZoneError>> {
      const zone = canonicalTimeZone(request.timeZone.trim());
      if (!zone) return unknownZone(request.timeZone);
      await settings.setServerTimeZone({ ...request, timeZone: zone });
      return ok(zone);
    },
  };
}
