import { periods, type Period } from '../services/leaderboards.js';

/** Button ids read `feature:action:…` (`hold:join:42`, `board:page:week:-:2`), parsed here and nowhere else. */
export type CustomId =
  | { feature: 'hold'; action: 'join' | 'leave'; sessionId: number }
  | { feature: 'board'; action: 'page'; period: Period; exercise: string | null; page: number };

export function holdButtonId(action: 'join' | 'leave', sessionId: number): string {
  return `hold:${action}:${sessionId}`;
}

export function parseCustomId(customId: string): CustomId | undefined {
  const hold = /^hold:(join|leave):(\d{1,15})$/.exec(customId);
  if (hold) return { feature: 'hold', action: hold[1] as 'join' | 'leave', sessionId: Number(hold[2]) };
  const board = /^board:page:([a-z]+):([a-z-]+):(-?\d{1,5})$/.exec(customId);
  if (board && (periods as readonly string[]).includes(board[1]!)) {
    return {
      feature: 'board',
      action: 'page',
      period: board[1] as Period,
      exercise: board[2] === '-' ? null : board[2]!,
      page: Math.max(0, Number(board[3])),
    };
  }
  return undefined;
}
