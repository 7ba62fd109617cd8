import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord.js';
import { formatAmount } from '../../core/amount.js';
import { addDays } from '../../core/days.js';
import type { RankedEntry } from '../../core/leaderboard.js';
import { boardPageSize, type Board, type Standing, type WeeklyReport } from '../../services/leaderboards.js';
import { countOf, joinWithin, nameOf } from './format.js';
import { colors } from './replies.js';

const medal = (rank: number) => ['🥇', '🥈', '🥉'][rank - 1] ?? `**${rank}.**`;

/** Seven squares, Monday to Sunday: a day with a log is green. */
export function weekStrip(from: string, days: readonly string[]): string {
  const active = new Set(days);
  return Array.from({ length: 7 }, (_, i) => (active.has(addDays(from, i)) ? '🟩' : '⬛')).join('');
}

function standingLine(
  { rank, entry }: RankedEntry<Standing>,
  from: string,
  withStrip: boolean,
  names: ReadonlyMap<string, string>,
): string {
  const strip = withStrip ? `${weekStrip(from, entry.days)} ` : '';
  return `${medal(rank)} ${nameOf(names, entry.userId)} ${strip}${entry.activeDays} d · 🔥 ${entry.currentStreak} · ${countOf(entry.points, 'pt')}`;
}

/** `present`: the members still in the server, with the names they go by there. */
export function renderWeeklyReport(report: WeeklyReport, present: ReadonlyMap<string, string>) {
  const name = (userId: string) => nameOf(present, userId);
  const shown = report.standings.filter((s) => present.has(s.entry.userId)).slice(0, boardPageSize);
  const highlights: string[] = [];
  for (const best of report.newBestStreaks.filter((b) => present.has(b.userId))) {
    highlights.push(`🔥 ${name(best.userId)} reached a best-ever streak of ${countOf(best.days, 'day')}`);
  }
  for (const tier of report.tiers.filter((t) => present.has(t.userId))) {
    highlights.push(
      `🏅 ${name(tier.userId)} hit the ${tier.tier.name} tier (${tier.tier.reps}) in ${tier.exercise.name.toLowerCase()}`,
    );
  }
  if (report.mostImproved && present.has(report.mostImproved.userId)) {
    highlights.push(
      `📈 Most improved: ${name(report.mostImproved.userId)} (+${report.mostImproved.gain} pts on last week)`,
    );
  }
  const champions = report.champions
    .filter((c) => present.has(c.userId))
    .map((c) => `${c.exercise.name}: ${name(c.userId)} (${formatAmount(c.exercise, c.total)})`);
  const embed: APIEmbed = {
    title: `🏆 The week of ${report.from}`,
    color: colors.brand,
    description:
      shown.length > 0
        ? shown.map((s) => standingLine(s, report.from, true, present)).join('\n')
        : 'Nobody logged anything this week. A fresh start on Monday!',
    fields: [
      ...(highlights.length > 0 ? [{ name: 'Highlights', value: joinWithin(highlights, '\n', 1024) }] : []),
      ...(champions.length > 0
        ? [{ name: 'Champions of the week', value: joinWithin(champions, '\n', 1024) }]
        : []),
    ],
    footer: {
      text: `Ranked by days active, then current streak, then points · ${report.from} to ${report.to}`,
    },
  };
  return { embeds: [embed], allowed_mentions: { parse: [] } };
}

const periodNames = { week: 'this week', month: 'this month', all: 'all time' } as const;

export function boardButtonId(board: Pick<Board, 'period' | 'exercise'>, page: number): string {
  return `board:page:${board.period}:${board.exercise?.id ?? '-'}:${page}`;
}

/** The user ids a page would show, so the caller can check they are still members before rendering. */
export function boardPageUserIds(board: Board): string[] {
  return (board.exercise ? board.totals : board.standings).map((row) => row.entry.userId);
}

/**
 * One page of an on-demand board, with Previous/Next buttons when there is more. `names`: the names
 * members go by in the server, so the embed names them rather than mentioning them.
 */
export function renderBoardPage(board: Board, gone: ReadonlySet<string>, names: ReadonlyMap<string, string>) {
  const slice = board.exercise
    ? board.totals.filter((t) => !gone.has(t.entry.userId))
    : board.standings.filter((s) => !gone.has(s.entry.userId));
  const pages = Math.max(1, Math.ceil(board.size / boardPageSize));
  const current = Math.min(board.page, pages - 1);
  const lines = board.exercise
    ? (slice as Board['totals']).map(
        ({ rank, entry }) =>
          `${medal(rank)} ${nameOf(names, entry.userId)} ${formatAmount(board.exercise!, entry.total)}`,
      )
    : (slice as Board['standings']).map((s) => standingLine(s, board.from, board.period === 'week', names));
  const embed: APIEmbed = {
    title: `🏆 ${board.exercise ? board.exercise.name : 'Leaderboard'}, ${periodNames[board.period]}`,
    color: colors.brand,
    description: lines.length > 0 ? lines.join('\n') : 'No logs in this period yet.',
    footer: {
      text: `${board.exercise ? 'Ranked by total' : 'Ranked by days active, then current streak, then points'} · page ${current + 1} of ${pages}`,
    },
  };
  const components: APIActionRowComponent<APIButtonComponent>[] =
    pages > 1
      ? [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                style: ButtonStyle.Secondary,
                label: 'Previous',
                custom_id: boardButtonId(board, current - 1),
                disabled: current === 0,
              },
              {
                type: ComponentType.Button,
                style: ButtonStyle.Secondary,
                label: 'Next',
                custom_id: boardButtonId(board, current + 1),
                disabled: current >= pages - 1,
              },
            ],
          },
        ]
      : [];
  return { embeds: [embed], components, allowedMentions: { parse: [] as [] } };
}
