import type { ErrorTexts } from './result.js';

/** What a member can get wrong with /privacy. */
export type PrivacyError =
  | { code: 'privacy.confirmation_expired' }
  | { code: 'privacy.already_hidden' }
  | { code: 'privacy.not_hidden' }
  | { code: 'privacy.export_too_soon'; retryInMinutes: number }
  | { code: 'privacy.export_busy' };

export const privacyErrorTexts: ErrorTexts<PrivacyError> = {
  'privacy.confirmation_expired': () =>
    'That confirmation has expired, so nothing was deleted. Run `/privacy delete` again if you still want to.',
  'privacy.already_hidden': () => 'You are already off the leaderboards here.',
  'privacy.not_hidden': () => 'You are already on the leaderboards here.',
  'privacy.export_too_soon': ({ retryInMinutes }) =>
    `You had a copy of your data just now, so I made no other. You can ask again in ${retryInMinutes === 1 ? 'a minute' : `${retryInMinutes} minutes`}.`,
  'privacy.export_busy': () =>
    'I’m writing out other members’ copies right now, so I made none for you. Try `/privacy export` again in a minute.',
};
