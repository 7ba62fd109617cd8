import type { ErrorTexts } from './result.js';

/** What a member can get wrong with /timezone. */
export type TimeZoneError =
  | { code: 'timezone.unknown'; typed: string }
  /** An abbreviation such as `EST`: ambiguous, and blind to daylight saving. */
  | { code: 'timezone.abbreviation'; typed: string }
  /** `UTC+2`: a fixed offset, which never follows daylight saving; `zone` is its `Etc/` spelling. */
  | { code: 'timezone.fixed_offset'; typed: string; zone: string };

export const timeZoneErrorTexts: ErrorTexts<TimeZoneError> = {
  'timezone.unknown': ({ typed }) =>
    `“${typed.slice(0, 60)}” is not a time zone I know. Use an IANA name such as \`Europe/Berlin\` or \`America/New_York\`; the list suggests them as you type.`,
  'timezone.abbreviation': ({ typed }) =>
    `Please pick a place rather than “${typed.slice(0, 20)}”: abbreviations are ambiguous and don’t follow daylight saving. Use an IANA name such as \`America/New_York\` or \`Asia/Kolkata\`; the list suggests them as you type.`,
  'timezone.fixed_offset': ({ typed, zone }) =>
    `“${typed.slice(0, 20)}” is a fixed offset: it never moves for daylight saving, so wherever clocks change your days would start an hour off for part of the year. Pick your place instead, such as \`Europe/Berlin\` (the list suggests them as you type). If you really want a fixed offset, set \`${zone}\`: in those names the sign is inverted, so \`${zone}\` is ${typed.slice(0, 20)}.`,
};
