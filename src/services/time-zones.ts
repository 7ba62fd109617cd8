import { canonicalTimeZone } from '../core/days.js';
import { fail, ok, type Result } from '../core/result.js';
import type { SettingsRepository } from './settings.repository.js';

export type TimeZoneService = ReturnType<typeof createTimeZoneService>;

const unknownZone = (zone: string) =>
  fail(
    'timezone.unknown',
    `“${zone.slice(0, 60)}” is not a time zone I know. Use an IANA name such as \`Europe/Berlin\` or \`America/New_York\`; the list suggests them as you type.`,
  );

export function createTimeZoneService({ settings }: { settings: SettingsRepository }) {
  return {
    timeZoneOf: settings.timeZoneOf,

    async setMemberTimeZone(request: {
      guildId: string;
      userId: string;
      timeZone: string;
    }): Promise<Result<string>> {
      const zone = canonicalTimeZone(request.timeZone.trim());
      if (!zone) return unknownZone(request.timeZone);
      await settings.setMemberTimeZone({ ...request, timeZone: zone });
      return ok(zone);
    },

    async setServerTimeZone(request: { guildId: string; timeZone: string }): Promise<Result<string>> {
      const zone = canonicalTimeZone(request.timeZone.trim());
      if (!zone) return unknownZone(request.timeZone);
      await settings.setServerTimeZone({ ...request, timeZone: zone });
      return ok(zone);
    },
  };
}
