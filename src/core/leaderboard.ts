export interface BoardEntry {
  readonly userId: string;
  readonly activeDays: number;
  readonly currentStreak: number;
  readonly points: number;
}

export interface RankedEntry<T extends BoardEntry> {
  readonly rank: number;
  readonly entry: T;
}

const byStanding = (a: BoardEntry, b: BoardEntry) =>
  b.activeDays - a.activeDays || b.currentStreak - a.currentStreak || b.points - a.points;

/**
 * Showing up beats volume: active days first, then the current streak, then points. Members level on
 * all three share a rank (1, 2, 2, 4), listed in a stable order.
 */
export function rankBoard<T extends BoardEntry>(entries: readonly T[]): RankedEntry<T>[] {
  const sorted = [...entries].sort((a, b) => byStanding(a, b) || compareIds(a.userId, b.userId));
  return withSharedRanks(sorted, (a, b) => byStanding(a, b) === 0);
}

/** Ranks in order, where an entry level with the one before it shares its rank. */
function withSharedRanks<T>(
  sorted: readonly T[],
  level: (a: T, b: T) => boolean,
): { rank: number; entry: T }[] {
  const ranked: { rank: number; entry: T }[] = [];
  sorted.forEach((entry, index) => {
    const previous = ranked[index - 1];
    ranked.push({ rank: previous && level(sorted[index - 1]!, entry) ? previous.rank : index + 1, entry });
  });
  return ranked;
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Per-exercise boards rank by total alone, ties sharing a rank. */
export function rankTotals<T extends { userId: string; total: number }>(
  entries: readonly T[],
): { rank: number; entry: T }[] {
  const sorted = [...entries].sort((a, b) => b.total - a.total || compareIds(a.userId, b.userId));
  return withSharedRanks(sorted, (a, b) => a.total === b.total);
}
