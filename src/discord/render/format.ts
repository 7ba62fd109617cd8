import { escapeMarkdown } from 'discord.js';

/** A Discord timestamp, which every client shows in its reader's own time zone (and ticks, for `R`). */
export const discordTime = (date: Date, style: 'R' | 't' | 'F' = 'R') =>
  `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;

export const mention = (userId: string) => `<@${userId}>`;

/** "1 day", "3 days": a number with its noun in the right number. */
export const countOf = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Bidi embeddings, overrides and isolates (and the marks), which a member could leave open. */
const bidiControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and the rest of their blocks). */
const rightToLeft = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;

/**
 * Member text echoed into a reply or a post: its own bidi controls are dropped, and text with any
 * right-to-left in it is wrapped in a first-strong isolate (U+2068 … U+2069), so it can neither flip
 * the bot's words around it nor leak past it; right-to-left names still read right to left inside.
 * Left-to-right text needs no isolate and is left as typed.
 */
export function isolated(text: string): string {
  const plain = text.replace(bidiControls, '');
  return rightToLeft.test(plain) || plain !== text ? `\u2068${plain}\u2069` : plain;
}

/**
 * A name (a member's, a server's, a channel's) shown in the bot's words: markdown escaped, masked links,
 * headings and lists included, so `**${name}**` stays bold and a nickname never becomes a link, then
 * isolated. The one place names are made safe to show.
 */
export const shownName = (name: string) =>
  isolated(escapeMarkdown(name, { maskedLink: true, heading: true, bulletedList: true, numberedList: true }));

/**
 * How embeds name a member: the name they go by in the server, where known. A mention there pings nobody,
 * so Discord sends no user with it, and clients that have not loaded the member show a raw `<@id>`
 * (discord-api-docs#1479); a mention is the fallback only for members whose name is not known.
 */
export const nameOf = (names: ReadonlyMap<string, string>, userId: string) => {
  const name = names.get(userId);
  return name ? shownName(name) : mention(userId);
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
