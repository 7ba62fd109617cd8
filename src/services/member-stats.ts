import type { Clock } from '../core/clock.js';
import { addDays, localDay, weekStart } from '../core/days.js';
import {
  exercises,
  pointsPerUnit,
  pointsForDay,
  tierReached,
  type Exercise,
  type Tier,
} from '../core/exercises.js';
import { countStreaks, type Streaks } from '../core/streaks.js';
import type { LogsRepository } from './logs.repository.js';
import type { SettingsRepository } from './settings.repository.js';

export interface ExerciseProgress {
  exercise: Exercise;
  today: number;
  thisWeek: number;
  allTime: number;
  /** All time with each day's scoring cap applied. */
  scoredAllTime: number;
  /** The best single day's total, for exercises with 20/30/40 tiers. */
  bestDay: number | undefined;
  bestTier: Tier | undefined;
}

export interface MemberStats {
  timeZone: string;
  today: string;
  weekStart: string;
  streaks: Streaks;
  activeDaysThisWeek: number;
  activeDaysAllTime: number;
  pointsThisWeek: number;
  pointsAllTime: number;
  /** Only exercises the member has ever logged, in catalog order. */
  progress: ExerciseProgress[];
}

export type MemberStatsService = ReturnType<typeof createMemberStatsService>;

export function createMemberStatsService(deps: {
  logs: LogsRepository;
  settings: SettingsRepository;
  clock: Clock;
}) {
  const { logs, settings, clock } = deps;

  return {
    async memberStats(member: { guildId: string; userId: string }): Promise<MemberStats> {
      // The queries don't wait for the member's zone: the figures that depend on it (today, this week)
      // are asked from eight days back in UTC, which covers this week in any zone, and cut here.
      const now = clock.now();
      const [{ zone }, totals, recent, days] = await Promise.all([
        settings.timeZoneOf(member),
        logs.progressByExercise(member),
        logs.recentDayTotals({ ...member, since: addDays(localDay(now, 'UTC'), -8) }),
        logs.activeDays(member),
      ]);
      const today = localDay(now, zone);
      const week = weekStart(today);
      const daysOf = (exercise: string, from: string) =>
        recent.filter((row) => row.exercise === exercise && row.localDay >= from && row.localDay <= today);
      const sumOf = (exercise: string, from: string) =>
        daysOf(exercise, from).reduce((sum, row) => sum + row.total, 0);

      const progress = exercises.flatMap((exercise): ExerciseProgress[] => {
        const total = totals.find((row) => row.exercise === exercise.id);
        if (!total) return [];
        const bestDay = exercise.tiers.length > 0 ? total.bestDay : undefined;
        return [
          {
            exercise,
            today: sumOf(exercise.id, today),
            thisWeek: sumOf(exercise.id, week),
            allTime: total.allTime,
            scoredAllTime: total.scoredAllTime,
            bestDay,
            bestTier: bestDay === undefined ? undefined : tierReached(exercise, bestDay),
          },
        ];
      });

      return {
        timeZone: zone,
        today,
        weekStart: week,
        streaks: countStreaks(days, today),
        activeDaysThisWeek: days.filter((day) => day >= week && day <= today).length,
        activeDaysAllTime: days.length,
        pointsThisWeek: Math.round(
          progress.reduce(
            (sum, p) =>
              sum +
              daysOf(p.exercise.id, week).reduce((s, row) => s + pointsForDay(p.exercise, row.total), 0),
            0,
          ),
        ),
        pointsAllTime: Math.round(
          progress.reduce((sum, p) => sum + p.scoredAllTime * pointsPerUnit(p.exercise), 0),
        ),
        progress,
      };
    },
  };
}
