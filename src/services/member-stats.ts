import type { Clock } from '../core/clock.js';
import { localDay, weekStart } from '../core/days.js';
import {
  exerciseById,
  exercises,
  pointsForDay,
  tierReached,
  type Exercise,
  type Tier,
} from '../core/exercises.js';
import { err, ok, type Result } from '../core/result.js';
import type { StatsError } from '../core/stats.errors.js';
import { countStreaks, type Streaks } from '../core/streaks.js';
import type { LogsRepository } from './logs.repository.js';
import type { PrivacyRepository } from './privacy.repository.js';
import type { SettingsRepository } from './settings.repository.js';

export interface ExerciseProgress {
  exercise: Exercise;
  today: number;
  thisWeek: number;
  allTime: number;
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
  privacy: PrivacyRepository;
  clock: Clock;
}) {
  const { logs, settings, privacy, clock } = deps;

  return {
    /** What `viewerId` may see of a member: their own stats always, another's unless they chose /privacy hide. */
    async memberStatsSeenBy(
      viewerId: string,
      member: { guildId: string; userId: string },
    ): Promise<Result<MemberStats, StatsError>> {
      if (viewerId !== member.userId && (await privacy.hiddenAt(member))) {
        return err<StatsError>({ code: 'stats.private' });
      }
      return ok(await this.memberStats(member));
    },

    async memberStats(member: { guildId: string; userId: string }): Promise<MemberStats> {
      // Three queries at once: the member's zone, their whole history as totals by day and exercise,
      // and their streak bridges; every figure below is derived from those rows.
      const [{ zone }, rows, bridges] = await Promise.all([
        settings.timeZoneOf(member),
        logs.memberDayTotals(member),
        settings.streakBridgesOf(member.guildId, [member.userId]),
      ]);
      const today = localDay(clock.now(), zone);
      const week = weekStart(today);
      const from = (first: string) => (row: { localDay: string }) =>
        row.localDay >= first && row.localDay <= today;
      const sum = (of: readonly { total: number }[]) => of.reduce((total, row) => total + row.total, 0);
      const points = (of: readonly { exercise: string; total: number }[]) =>
        Math.round(
          of.reduce((total, row) => {
            const exercise = exerciseById(row.exercise);
            return exercise ? total + pointsForDay(exercise, row.total) : total;
          }, 0),
        );

      const progress = exercises.flatMap((exercise): ExerciseProgress[] => {
        const own = rows.filter((row) => row.exercise === exercise.id);
        if (own.length === 0) return [];
        const bestDay = exercise.tiers.length > 0 ? Math.max(...own.map((row) => row.total)) : undefined;
        return [
          {
            exercise,
            today: sum(own.filter(from(today))),
            thisWeek: sum(own.filter(from(week))),
            allTime: sum(own),
            bestDay,
            bestTier: bestDay === undefined ? undefined : tierReached(exercise, bestDay),
          },
        ];
      });
      const days = [...new Set(rows.map((row) => row.localDay))];

      return {
        timeZone: zone,
        today,
        weekStart: week,
        streaks: countStreaks(days, today, bridges.get(member.userId)),
        activeDaysThisWeek: days.filter((day) => day >= week && day <= today).length,
        activeDaysAllTime: days.length,
        pointsThisWeek: points(rows.filter(from(week))),
        pointsAllTime: points(rows),
        progress,
      };
    },
  };
}
