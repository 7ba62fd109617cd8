import type { ErrorTexts } from './result.js';

/** What a member can get wrong with /timezone. */
export type TimeZoneError =
  | { code: 'timezone.unknown'; typed: string }
  /** An abbreviation such as `EST`: ambiguous, and blind to daylight saving. */
  | { code: 'timezone.abbreviation'; typed: string };

export const timeZoneErrorTexts: ErrorTexts<TimeZoneError> = {
  'timezone.unknown': ({ typed }) =>
    `“${typed.slice(0, 60)}” is not a time zone I know. Use an IANA name such as \`Europe/Berlin\` or \`America/New_York\`; the list suggests them as you type.`,
  'timezone.abbreviation': ({ typed }) =>
    `Please pick a place rather than “${typed.slice(0, 20)}”: abbreviations are ambiguous and don’t follow daylight saving. Use an IANA name such as \`America/New_York\` or \`Asia/Kolkata\`; the list suggests them as you type.`,
};
