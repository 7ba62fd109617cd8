import type { ErrorTexts } from './result.js';

/** What a member can get wrong with /leaderboard. */
export type LeaderboardError = { code: 'board.unknown_exercise'; typed: string };

export const leaderboardErrorTexts: ErrorTexts<LeaderboardError> = {
  'board.unknown_exercise': ({ typed }) => `I don’t know the exercise “${typed.slice(0, 40)}”.`,
};
