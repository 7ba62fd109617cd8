/** A Discord timestamp, which every client shows in its reader's own time zone (and ticks, for `R`). */
export const discordTime = (date: Date, style: 'R' | 't' | 'F' = 'R') =>
  `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;

export const mention = (userId: string) => `<@${userId}>`;

/** "1 day", "3 days": a number with its noun in the right number. */
export const countOf = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
