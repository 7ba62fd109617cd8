import type { ErrorTexts } from './result.js';

/** What a member can get wrong with /privacy. */
export type PrivacyError =
  | { code: 'privacy.confirmation_expired' }
  | { code: 'privacy.already_hidden' }
  | { code: 'privacy.not_hidden' };

export const privacyErrorTexts: ErrorTexts<PrivacyError> = {
  'privacy.confirmation_expired': () =>
    'That confirmation has expired, so nothing was deleted. Run `/privacy delete` again if you still want to.',
  'privacy.already_hidden': () => 'You are already off the leaderboards here.',
  'privacy.not_hidden': () => 'You are already on the leaderboards here.',
};
