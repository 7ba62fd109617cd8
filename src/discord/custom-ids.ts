import { periods, type Period } from '../services/leaderboards.js';

/**
 * Button ids read `feature:action:…` (`hold:join:42`, `board:page:week:-:2`,
 * `privacy:confirm-delete:<user>:<asked at>`, `reminder:stop:17`), parsed here and nowhere else.
 */
export type CustomId =
  | { feature: 'hold'; action: 'join' | 'leave'; sessionId: number }
  | { feature: 'board'; action: 'page'; period: Period; exercise: string | null; page: number }
  /** The member who asked, and when: only they may press it, and only while it is fresh. */
  | { feature: 'privacy'; action: 'confirm-delete' | 'cancel-delete'; userId: string; askedAt: Date }
  /** By the reminder's id, not its number: numbers are reused after a removal, ids never. */
  | { feature: 'reminder'; action: 'stop'; reminderId: number };

export function reminderStopButtonId(reminderId: number): string {
  return `reminder:stop:${reminderId}`;
}

export function holdButtonId(action: 'join' | 'leave', sessionId: number): string {
  return `hold:${action}:${sessionId}`;
}

export function privacyButtonId(
  action: 'confirm-delete' | 'cancel-delete',
  userId: string,
  askedAt: Date,
): string {
  return `privacy:${action}:${userId}:${askedAt.getTime().toString(36)}`;
}

/** The database's integer columns end here; a crafted id past it names nothing (and is not queried). */
const maxRowId = 2_147_483_647;
const rowId = (digits: string) => {
  const id = Number(digits);
  return id >= 1 && id <= maxRowId ? id : undefined;
};

export function parseCustomId(customId: string): CustomId | undefined {
  const hold = /^hold:(join|leave):(\d{1,15})$/.exec(customId);
  const sessionId = hold && rowId(hold[2]!);
  if (hold && sessionId) return { feature: 'hold', action: hold[1] as 'join' | 'leave', sessionId };
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
  const privacy = /^privacy:(confirm-delete|cancel-delete):(\d{1,20}):([0-9a-z]{1,10})$/.exec(customId);
  if (privacy) {
    return {
      feature: 'privacy',
      action: privacy[1] as 'confirm-delete' | 'cancel-delete',
      userId: privacy[2]!,
      askedAt: new Date(parseInt(privacy[3]!, 36)),
    };
  }
  const reminder = /^reminder:stop:(\d{1,15})$/.exec(customId);
  const reminderId = reminder && rowId(reminder[1]!);
  if (reminder && reminderId) return { feature: 'reminder', action: 'stop', reminderId };
  return undefined;
}
