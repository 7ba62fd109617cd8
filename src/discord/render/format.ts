import { escapeMarkdown } from 'discord.js';

/** A Discord timestamp, which every client shows in its reader's own time zone (and ticks, for `R`). */
export const discordTime = (date: Date, style: 'R' | 't' | 'F' = 'R') =>
  `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;

export const mention = (userId: string) => `<@${userId}>`;

/** "1 day", "3 days": a number with its noun in the right number. */
export const countOf = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * How embeds name a member: the name they go by in the server, where known. A mention there pings nobody,
 * so Discord sends no user with it, and clients that have not loaded the member show a raw `<@id>`
 * (discord-api-docs#1479); a mention is the fallback only for members whose name is not known.
 */
export const nameOf = (names: ReadonlyMap<string, string>, userId: string) => {
  const name = names.get(userId);
  return name ? escapeMarkdown(name) : mention(userId);
};

/**
 * Whole entries joined, as many as fit in `limit` characters together with "and N more" (and at most
 * `most` of them): a mention or a name is never cut in half.
 */
export function joinWithin(
  entries: readonly string[],
  separator: string,
  limit: number,
  {
    most = entries.length,
    more = (n: number) => `and ${n} more`,
  }: { most?: number; more?: (n: number) => string } = {},
): string {
  let shown = 0;
  let length = 0;
  for (const entry of entries) {
    const next = length + (shown > 0 ? separator.length : 0) + entry.length;
    const rest = entries.length - shown - 1;
    if (shown >= most || next + (rest > 0 ? separator.length + more(rest).length : 0) > limit) break;
    length = next;
    shown++;
  }
  const rest = entries.length - shown;
  return [...entries.slice(0, shown), ...(rest > 0 ? [more(rest)] : [])].join(separator);
}
