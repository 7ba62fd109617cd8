import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { members } from '../db/schema.js';

export type MemberNames = ReturnType<typeof createMemberNames>;

/** Names are shown, never trusted: Discord caps them at 32 characters, and anything longer is cut there. */
const longestName = 32;

/**
 * The names members go by in each server, kept from their own commands and button presses (the
 * interaction carries them), so holds can name people in embeds, where a mention would show as a raw id
 * to most readers, without asking Discord about each of them at every edit.
 */
export function createMemberNames({ db }: { db: Db }) {
  // Every interaction writes it: prepared, it is parsed and planned once per connection. An unchanged
  // name is not written again.
  const save = db
    .insert(members)
    .values({
      guildId: sql.placeholder('guildId'),
      userId: sql.placeholder('userId'),
      displayName: sql.placeholder('name'),
    })
    .onConflictDoUpdate({
      target: [members.guildId, members.userId],
      set: { displayName: sql`excluded.display_name` },
      setWhere: sql`${members.displayName} is distinct from excluded.display_name`,
    })
    .prepare('member_names_save');

  return {
    async remember(member: { guildId: string; userId: string }, name: string) {
      const trimmed = name.trim().slice(0, longestName);
      if (trimmed) await save.execute({ guildId: member.guildId, userId: member.userId, name: trimmed });
    },

    /** The kept names of these members, by user id; members with none are left out. */
    async of(guildId: string, userIds: readonly string[]): Promise<Map<string, string>> {
      if (userIds.length === 0) return new Map();
      const rows = await db
        .select({ userId: members.userId, name: members.displayName })
        .from(members)
        .where(
          and(
            eq(members.guildId, guildId),
            inArray(members.userId, [...new Set(userIds)]),
            isNotNull(members.displayName),
          ),
        );
      return new Map(rows.map((row) => [row.userId, row.name ?? '']));
    },
  };
}
