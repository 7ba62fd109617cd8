/**
 * Discord allows 1,000 gateway logins (IDENTIFY, one per shard) a day per bot, and resets the token of
 * a bot that burns through them, as a crash loop with automatic restarts can. Each start-up is
 * recorded; this decides how long the next one waits.
 */
export const dailyLoginBudget = 1_000;
/** Left for discord.js's own re-identifies after an invalidated session, which nobody schedules. */
const budgetKeptSpare = 100;
/** Restarts this close together are free; more start the backoff. */
const freeRestartsPerHour = 3;
const firstBackoffMs = 15_000;
const longestBackoffMs = 15 * 60_000;
const hourMs = 60 * 60_000;
const dayMs = 24 * hourMs;

export interface RecordedLogin {
  at: number;
  /** Which process, by its shards, so one process's crash loop doesn't slow the others. */
  shardKey: string;
  /** How many IDENTIFYs that start-up spent. */
  shards: number;
}

export function loginDelayMs(
  history: readonly RecordedLogin[],
  next: { shardKey: string; shards: number },
  now: number,
): number {
  const ownLastHour = history
    .filter((login) => login.shardKey === next.shardKey && login.at > now - hourMs)
    .map((login) => login.at)
    .sort((a, b) => a - b);
  let delay = 0;
  if (ownLastHour.length >= freeRestartsPerHour) {
    const backoff = Math.min(
      firstBackoffMs * 2 ** (ownLastHour.length - freeRestartsPerHour),
      longestBackoffMs,
    );
    delay = Math.max(0, ownLastHour[ownLastHour.length - 1]! + backoff - now);
  }

  // Over the day, wait until enough of the oldest logins have aged out to leave room for this one.
  const lastDay = history.filter((login) => login.at > now - dayMs).sort((a, b) => a.at - b.at);
  let spent = lastDay.reduce((sum, login) => sum + login.shards, 0);
  const allowed = dailyLoginBudget - budgetKeptSpare - next.shards;
  for (const login of lastDay) {
    if (spent <= allowed) break;
    spent -= login.shards;
    delay = Math.max(delay, login.at + dayMs - now);
  }
  return delay;
}
