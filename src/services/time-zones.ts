import { canonicalTimeZone } from '../core/days.js';
import { fail, ok, type Result } from '../core/result.js';
import type { SettingsRepository } from './settings.repository.js';

export type TimeZoneService = ReturnType<typeof createTimeZoneService>;

const unknownZone = (zone: string) =>
  zone.includes('/')
    ? fail(
        'timezone.unknown',
        `“${zone.slice(0, 60)}” is not a time zone I know. Use an IANA name such as \`Europe/Berlin\` or \`America/New_York\`; the list suggests them as you type.`,
      )
    : fail(
        'timezone.abbreviation',
        `Please pick a place rather than “${zone.slice(0, 20)}”: abbreviations are ambiguous and don’t follow daylight saving. Use an IANA name such as \`America/New_York\` or \`Asia/Kolkata\`; the list suggests them as you type.`,
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
