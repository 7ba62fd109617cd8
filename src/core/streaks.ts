import { addDays, daysBetween, type LocalDay } from './days.js';

export interface Streaks {
  /** Consecutive active days up to today; today counts once logged and doesn't break it until it is over. */
  readonly current: number;
  readonly best: number;
}

/**
 * Active days and bridges in one ascending walk. A bridge is a day a change of time zone took from
 * the member (moving east, their calendar jumped over it): it joins a run without counting in it, so a
 * change of zone never breaks a streak by itself.
 */
function* daysOfRuns(activeDays: readonly LocalDay[], bridges: readonly LocalDay[]) {
  const active = new Set(activeDays);
  const all = bridges.length === 0 ? activeDays : [...new Set([...activeDays, ...bridges])].sort();
  let run = 0;
  let previous: LocalDay | null = null;
  for (const day of all) {
    const counts = active.has(day);
    const joined = previous !== null && daysBetween(previous, day) === 1;
    run = (joined ? run : 0) + (counts ? 1 : 0);
    previous = day;
    yield { day, run, counts };
  }
}

/**
 * `activeDays`: the distinct days with at least one log, in ascending order. Days after `today` (a
 * move west leaves some) count as they do on the boards.
 */
export function countStreaks(
  activeDays: readonly LocalDay[],
  today: LocalDay,
  bridges: readonly LocalDay[] = [],
): Streaks {
  const record = streakRecord(activeDays, bridges);
  return { current: currentStreakOf(record, today), best: record.best };
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
export function streakRecord(
  activeDays: readonly LocalDay[],
  bridges: readonly LocalDay[] = [],
): StreakRecord {
  let run = 0;
  let best = 0;
  let bestDay: LocalDay | null = null;
  let lastDay: LocalDay | null = null;
  for (const step of daysOfRuns(activeDays, bridges)) {
    run = step.run;
    lastDay = step.day;
    if (step.counts && run >= best) {
      best = run;
      bestDay = step.day;
    }
  }
  return { run, lastDay, best, bestDay };
}

/** The current streak from a kept record: alive while its last day is today or yesterday (or later). */
export function currentStreakOf(record: Pick<StreakRecord, 'run' | 'lastDay'>, today: LocalDay): number {
  return record.lastDay !== null && record.lastDay >= addDays(today, -1) ? record.run : 0;
}

/**
 * The days a change of zone takes from a member whose streak is alive: from their old today up to the
 * day before their new one, when the new today is later (moving east). Moving west takes none.
 */
export function bridgesForZoneChange(
  record: Pick<StreakRecord, 'run' | 'lastDay'>,
  oldToday: LocalDay,
  newToday: LocalDay,
): LocalDay[] {
  if (currentStreakOf(record, oldToday) === 0) return [];
  const days: LocalDay[] = [];
  for (let day = oldToday; day < newToday; day = addDays(day, 1)) days.push(day);
  return days;
}
