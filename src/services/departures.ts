import type { Clock } from '../core/clock.js';
import type { LeaderboardRepository } from './leaderboard.repository.js';
import type { RemindersRepository } from './reminders.repository.js';

/** Shown in /remind list for a reminder switched off because its member left the server. */
export const departedReason = 'you are no longer in this server';

export type DepartureService = ReturnType<typeof createDepartureService>;

/**
 * Members Discord says are gone from a server (an unknown member, a DM with no server in common, a
 * closed DM from someone no longer there): they leave the boards, and their personal reminders from that
 * server stop, so nothing goes on knocking on a door that was closed. Acting in the server again
 * (a log, a hold, a reminder) brings them back onto the boards; switched-off reminders stay off.
 */
export function createDepartureService(deps: {
  boards: LeaderboardRepository;
  reminders: RemindersRepository;
  clock: Clock;
}) {
  return {
    async membersLeft(guildId: string, userIds: readonly string[]) {
      if (userIds.length === 0) return;
      await deps.boards.markLeft(guildId, userIds, deps.clock.now());
      await deps.reminders.switchOffPersonalOf(guildId, userIds, departedReason);
    },
  };
}
