import type { ErrorTexts } from './result.js';

/** What a member can get wrong with /me. */
export type StatsError = { code: 'stats.private' };

export const statsErrorTexts: ErrorTexts<StatsError> = {
  'stats.private': () => 'That member keeps their progress private.',
};
