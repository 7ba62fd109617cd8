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

export interface StreakRecord {
  /** Consecutive active days ending on `lastDay`, whether or not that run is still alive. */
  readonly run: number;
  readonly lastDay: LocalDay | null;
  readonly best: number;
  readonly bestDay: LocalDay | null;
}

export function sameStreakRecord(a: StreakRecord, b: StreakRecord): boolean {
  return a.run === b.run && a.lastDay === b.lastDay && a.best === b.best && a.bestDay === b.bestDay;
}

/** What boards keep per member, so a streak can be read later without the member's history. */
export function streakRecord(activeDays: readonly LocalDay[]): StreakRecord {
  let run = 0;
  let best = 0;
  let bestDay: LocalDay | null = null;
  let previous: LocalDay | null = null;
  for (const day of activeDays) {
    run = previous !== null && daysBetween(previous, day) === 1 ? run + 1 : 1;
    if (run >= best) {
      best = run;
      bestDay = day;
    }
    previous = day;
  }
  return { run, lastDay: previous, best, bestDay };
}

/** The current streak from a kept record: alive while its last day is today or yesterday. */
export function currentStreakOf(record: Pick<StreakRecord, 'run' | 'lastDay'>, today: LocalDay): number {
  return record.lastDay !== null && record.lastDay >= addDays(today, -1) ? record.run : 0;
}
