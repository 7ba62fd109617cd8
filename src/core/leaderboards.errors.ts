import type { ErrorTexts } from './result.js';

/** What a member can get wrong with /leaderboard. */
export type LeaderboardError =
  | { code: 'board.unknown_exercise'; typed: string; known: readonly string[] }
  /** A period outside the command's choices: only a client that is not Discord's sends one. */
  | { code: 'board.unknown_period'; typed: string; known: readonly string[] };

export const leaderboardErrorTexts: ErrorTexts<LeaderboardError> = {
  'board.unknown_exercise': ({ typed, known }) =>
    `I don’t know the exercise “${typed.slice(0, 40)}”. Pick one from the list as you type, or leave \`exercise\` out for the overall board. The exercises: ${known.map((id) => `\`${id}\``).join(', ')}.`,
  'board.unknown_period': ({ typed, known }) =>
    `“${typed.slice(0, 20)}” is not a period I know: pick ${known.map((id) => `\`${id}\``).join(', ')}.`,
};
