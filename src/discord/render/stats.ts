import type { APIEmbed } from 'discord.js';
import { formatAmount } from '../../core/amount.js';
import type { MemberStats } from '../../services/member-stats.js';
import { progressBar } from './progress-bar.js';
import { countOf, shownName } from './format.js';
import { colors, onlyForYou, type Reply } from './replies.js';

const tierNames = { good: 'good (20)', better: 'better (30)', best: 'best (40)' } as const;

export function renderStats(stats: MemberStats, memberName: string, ownStats: boolean): Reply {
  const { streaks } = stats;
  const summary = [
    `🔥 Current streak: **${streaks.current}** ${streaks.current === 1 ? 'day' : 'days'} · best ${streaks.best}`,
    `📅 Active this week: **${stats.activeDaysThisWeek}**/7 days · ${countOf(stats.activeDaysAllTime, 'day')} in all`,
    `⭐ Points: ${stats.pointsThisWeek} this week · ${stats.pointsAllTime} all time`,
  ];
  if (stats.progress.length === 0)
    summary.push('', ownStats ? 'Nothing logged yet. Try `/log pushups 20`.' : 'Nothing logged yet.');

  const embed: APIEmbed = {
    title: `${shownName(memberName)}’s progress`,
    color: colors.brand,
    description: summary.join('\n'),
    fields: stats.progress.map(({ exercise, today, thisWeek, allTime, bestDay, bestTier }) => {
      const lines = [
        `Today ${formatAmount(exercise, today)} ${progressBar(today, exercise.dailyTarget)}`,
        `Week ${formatAmount(exercise, thisWeek)} · All time ${formatAmount(exercise, allTime)}`,
      ];
      if (bestDay !== undefined) {
        lines.push(
          `Best day ${bestDay}${bestTier ? ` · tier ${tierNames[bestTier.name]}` : ' · next tier at 20'}`,
        );
      }
      return { name: exercise.name, value: lines.join('\n'), inline: false };
    }),
    footer: { text: `Days count in ${stats.timeZone} · this week began ${stats.weekStart}` },
  };
  return onlyForYou({ embeds: [embed] });
}
