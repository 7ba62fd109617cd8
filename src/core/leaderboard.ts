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
  const sorted = [...entries].sort((a, b) => byStanding(a, b) || a.userId.localeCompare(b.userId));
  return sorted.map((entry, index) => {
    let first = index;
    while (first > 0 && byStanding(sorted[first - 1]!, entry) === 0) first--;
    return { rank: first + 1, entry };
  });
}

/** Per-exercise boards rank by total alone, ties sharing a rank. */
export function rankTotals<T extends { userId: string; total: number }>(
  entries: readonly T[],
): { rank: number; entry: T }[] {
  const sorted = [...entries].sort((a, b) => b.total - a.total || a.userId.localeCompare(b.userId));
  return sorted.map((entry, index) => {
    let first = index;
    while (first > 0 && sorted[first - 1]!.total === entry.total) first--;
    return { rank: first + 1, entry };
  });
}
