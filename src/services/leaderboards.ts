import type { Clock } from '../core/clock.js';
import { weekCoveredBy } from '../core/board-weeks.js';
import { addDays, localDay, weekStart, type LocalDay } from '../core/days.js';
import {
  exerciseById,
  exercises,
  findExercise,
  tierReached,
  type Exercise,
  type Tier,
} from '../core/exercises.js';
import { rankBoard, rankTotals, type RankedEntry } from '../core/leaderboard.js';
import type { LeaderboardError } from '../core/leaderboards.errors.js';
import { err, ok, type Result } from '../core/result.js';
import type { DepartureService } from './departures.js';
import type { LeaderboardRepository } from './leaderboard.repository.js';
import type { SettingsRepository } from './settings.repository.js';

export const periods = ['week', 'month', 'all'] as const;
export const boardPageSize = 10;
/** Past this page a board is empty for any server: a crafted page number goes no further (and stays an int). */
export const maxBoardPage = 100_000;
export type Period = (typeof periods)[number];

export interface Standing {
  userId: string;
  activeDays: number;
  currentStreak: number;
  points: number;
  bestStreak: number;
  bestStreakDay: string | null;
  days: string[];
}

export interface Board {
  period: Period;
  from: LocalDay;
  to: LocalDay;
  exercise: Exercise | undefined;
  /** The page asked for: overall boards rank standings; per-exercise boards rank totals. */
  standings: RankedEntry<Standing>[];
  totals: { rank: number; entry: { userId: string; total: number } }[];
  page: number;
  /** How many members the whole board has. */
  size: number;
}

export interface WeeklyReport {
  from: LocalDay;
  to: LocalDay;
  standings: RankedEntry<Standing>[];
  /** Members whose best streak ever was reached this week. */
  newBestStreaks: { userId: string; days: number }[];
  tiers: { userId: string; exercise: Exercise; tier: Tier }[];
  mostImproved: { userId: string; gain: number } | undefined;
  champions: { exercise: Exercise; userId: string; total: number }[];
}

export type LeaderboardService = ReturnType<typeof createLeaderboardService>;

export function createLeaderboardService(deps: {
  boards: LeaderboardRepository;
  settings: SettingsRepository;
  clock: Clock;
  departures: DepartureService;
}) {
  const { boards, settings, clock } = deps;

  function windowOf(period: Period, today: LocalDay): { from: LocalDay; to: LocalDay } {
    if (period === 'week') return { from: weekStart(today), to: today };
    if (period === 'month') return { from: `${today.slice(0, 7)}-01`, to: today };
    return { from: '2000-01-01', to: today };
  }

  async function standingsIn(guildId: string, start: LocalDay, at: Date, serverZone: string) {
    return rankBoard(await boards.standings({ guildId, period: 'week', start, at, serverZone }));
  }

  return {
    /** One page of a board; thousands of members are ranked by PostgreSQL, which sends only the page. */
    async board(request: {
      guildId: string;
      period: Period;
      exercise?: string | null;
      page?: number;
    }): Promise<Result<Board, LeaderboardError>> {
      // Checked as if the client were not Discord's: a crafted period or page is refused, not stored.
      if (!(periods as readonly string[]).includes(request.period)) {
        return err<LeaderboardError>({ code: 'board.unknown_period', typed: request.period, known: periods });
      }
      const page = Math.min(Math.max(0, Math.trunc(Number(request.page ?? 0)) || 0), maxBoardPage);
      const exercise = request.exercise ? findExercise(request.exercise) : undefined;
      if (request.exercise && !exercise) {
        return err<LeaderboardError>({
          code: 'board.unknown_exercise',
          typed: request.exercise,
          known: exercises.map((known) => known.id),
        });
      }
      // The board's window is in the server's days; each member's streak in their own (see standings).
      const at = clock.now();
      const serverZone = await settings.serverTimeZone(request.guildId);
      const { from, to } = windowOf(request.period, localDay(at, serverZone));
      const board = { period: request.period, from, to, exercise, page };
      if (exercise) {
        // All time from the roll-up: reading every log of a large server would pass the statement timeout.
        const totals = rankTotals(
          request.period === 'all'
            ? await boards.allTimeExerciseTotals({ guildId: request.guildId, exercise: exercise.id })
            : await boards.exerciseTotals({ guildId: request.guildId, from, to, exercise: exercise.id }),
        );
        const shown = totals.slice(page * boardPageSize, (page + 1) * boardPageSize);
        return ok({ ...board, standings: [], totals: shown, size: totals.length });
      }
      const rows = await boards.standings({
        guildId: request.guildId,
        period: request.period,
        start: from,
        at,
        serverZone,
        page: { limit: boardPageSize, offset: page * boardPageSize },
      });
      const standings = rows.map(({ rank, total: _total, ...entry }) => ({ rank, entry }));
      return ok({ ...board, standings, totals: [], size: rows[0]?.total ?? 0 });
    },

    /** The weekly post: the Monday-to-Sunday week holding the day before `postedAt`, in the server's zone. */
    async weeklyReport(request: { guildId: string; postedAt: Date }): Promise<WeeklyReport> {
      const zone = await settings.serverTimeZone(request.guildId);
      const from = weekCoveredBy(request.postedAt, zone);
      const to = addDays(from, 6);
      const window = { guildId: request.guildId, from, to };
      const [standings, previous, best, totals] = await Promise.all([
        standingsIn(request.guildId, from, request.postedAt, zone),
        boards.standings({
          guildId: request.guildId,
          period: 'week',
          start: addDays(from, -7),
          at: request.postedAt,
          serverZone: zone,
        }),
        boards.bestDays(window),
        boards.exerciseTotals(window),
      ]);
      const previousPoints = new Map(previous.map((row) => [row.userId, row.points]));
      const gains = standings
        .map(({ entry }) => ({
          userId: entry.userId,
          gain: entry.points - (previousPoints.get(entry.userId) ?? 0),
        }))
        .filter((row) => row.gain > 0 && previousPoints.has(row.userId))
        .sort((a, b) => b.gain - a.gain);
      const champions = new Map<string, { userId: string; total: number }>();
      for (const row of totals) {
        const current = champions.get(row.exercise);
        if (!current || row.total > current.total) champions.set(row.exercise, row);
      }
      return {
        from,
        to,
        standings,
        newBestStreaks: standings
          .filter(
            ({ entry }) =>
              entry.bestStreak >= 3 &&
              entry.bestStreakDay !== null &&
              entry.bestStreakDay >= from &&
              entry.bestStreakDay <= to,
          )
          .map(({ entry }) => ({ userId: entry.userId, days: entry.bestStreak })),
        tiers: best.flatMap((row) => {
          const exercise = exerciseById(row.exercise);
          const tier = exercise && tierReached(exercise, row.best);
          return exercise && tier ? [{ userId: row.userId, exercise, tier }] : [];
        }),
        mostImproved: gains[0],
        champions: [...champions].flatMap(([id, row]) => {
          const exercise = exerciseById(id);
          return exercise ? [{ userId: row.userId, total: row.total, exercise }] : [];
        }),
      };
    },

    /** Members Discord no longer knows in this server: a departure (see departures.ts). */
    markLeft: (guildId: string, userIds: readonly string[]) => deps.departures.membersLeft(guildId, userIds),
  };
}
