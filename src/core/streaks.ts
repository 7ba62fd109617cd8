import { addDays, daysBetween, type LocalDay } from './days.js';

export interface Streaks {
  /** Consecutive active days up to today; today counts once logged and doesn't break it until it is over. */
  readonly current: number;
  readonly best: number;
}

/** `activeDays`: the distinct days with at least one log, in ascending order. */
export function countStreaks(activeDays: readonly LocalDay[], today: LocalDay): Streaks {
  let best = 0;
  let run = 0;
  let previous: LocalDay | undefined;
  for (const day of activeDays) {
    if (day > today) break;
    run = previous !== undefined && daysBetween(previous, day) === 1 ? run + 1 : 1;
    best = Math.max(best, run);
    previous = day;
  }
  const alive = previous !== undefined && (previous === today || previous === addDays(today, -1));
  return { current: alive ? run : 0, best };
}
