import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { StreakRecord } from '../core/streaks.js';
import type { Db } from '../db/client.js';
import { members, servers } from '../db/schema.js';

export type SettingsRepository = ReturnType<typeof createSettingsRepository>;

/** On a member already known, the streak columns are taken from the row being inserted. */
const streakFromInsert = {
  // A streak is written when the member logs or is credited by a hold: they are here, whatever Discord said before.
  leftAt: sql`null`,
  streakRun: sql`excluded.streak_run`,
  streakLastDay: sql`excluded.streak_last_day`,
  bestStreak: sql`excluded.best_streak`,
  bestStreakDay: sql`excluded.best_streak_day`,
};

export function createSettingsRepository({ db }: { db: Db }) {
  const zoneOf = db
    .select({
      memberZone: members.timeZone,
      serverZone: servers.timeZone,
    })
    .from(servers)
    .leftJoin(
      members,
      and(eq(members.guildId, servers.guildId), eq(members.userId, sql.placeholder('userId'))),
    )
    .where(eq(servers.guildId, sql.placeholder('guildId')))
    .prepare('settings_zone_of');

  const memberZoneOnly = db
    .select({ memberZone: members.timeZone })
    .from(members)
    .where(
      and(eq(members.guildId, sql.placeholder('guildId')), eq(members.userId, sql.placeholder('userId'))),
    )
    .prepare('settings_member_zone');

  // Every /log writes it: prepared, it is parsed and planned once per connection.
  const saveStreak = db
    .insert(members)
    .values({
      guildId: sql.placeholder('guildId'),
      userId: sql.placeholder('userId'),
      streakRun: sql.placeholder('run'),
      streakLastDay: sql.placeholder('lastDay'),
      bestStreak: sql.placeholder('best'),
      bestStreakDay: sql.placeholder('bestDay'),
    })
    .onConflictDoUpdate({
      target: [members.guildId, members.userId],
      set: streakFromInsert,
    })
    .prepare('settings_save_streak');

  return {
    /** The member's zone, else the server's, else UTC; `source` says which applied. */
    async timeZoneOf({ guildId, userId }: { guildId: string; userId: string }) {
      const [row] = await zoneOf.execute({ guildId, userId });
      if (row) {
        return row.memberZone
          ? { zone: row.memberZone, source: 'member' as const }
          : { zone: row.serverZone, source: 'server' as const };
      }
      const [member] = await memberZoneOnly.execute({ guildId, userId });
      return member?.memberZone
        ? { zone: member.memberZone, source: 'member' as const }
        : { zone: 'UTC', source: 'default' as const };
    },

    /** Each member's zone (their own, else the server's, else UTC) in two queries, for many members at once. */
    async timeZonesOf(guildId: string, userIds: readonly string[]) {
      const serverZone = await this.serverTimeZone(guildId);
      const own =
        userIds.length === 0
          ? []
          : await db
              .select({ userId: members.userId, zone: members.timeZone })
              .from(members)
              .where(and(eq(members.guildId, guildId), inArray(members.userId, [...userIds])));
      const zones = new Map(userIds.map((userId) => [userId, serverZone]));
      for (const row of own) if (row.zone) zones.set(row.userId, row.zone);
      return zones;
    },

    async serverTimeZone(guildId: string) {
      const [row] = await db
        .select({ zone: servers.timeZone })
        .from(servers)
        .where(eq(servers.guildId, guildId));
      return row?.zone ?? 'UTC';
    },

    /** Members of the server who keep its zone (no zone of their own) and have a streak record. */
    async membersOnServerZone(guildId: string) {
      const rows = await db
        .select({ userId: members.userId })
        .from(members)
        .where(and(eq(members.guildId, guildId), isNull(members.timeZone), isNotNull(members.streakLastDay)));
      return rows.map((row) => row.userId);
    },

    /** Each member's streak bridges (see core/streaks.ts), for many members at once. */
    async streakBridgesOf(guildId: string, userIds: readonly string[]): Promise<Map<string, string[]>> {
      const bridges = new Map<string, string[]>(userIds.map((userId) => [userId, []]));
      if (userIds.length === 0) return bridges;
      const rows = await db
        .select({ userId: members.userId, bridges: members.streakBridges })
        .from(members)
        .where(and(eq(members.guildId, guildId), inArray(members.userId, [...userIds])));
      for (const row of rows) bridges.set(row.userId, row.bridges);
      return bridges;
    },

    /**
     * Adds bridges to a member's streak and keeps the record that goes with them. Only a row that
     * exists is changed: /timezone makes it first, and a server's change of zone must not bring back a
     * member who deleted their data.
     */
    async bridgeStreak(member: { guildId: string; userId: string }, bridges: string[], record: StreakRecord) {
      await db
        .update(members)
        .set({ leftAt: null, streakBridges: bridges, ...streakColumns(record) })
        .where(and(eq(members.guildId, member.guildId), eq(members.userId, member.userId)));
    },

    /** Keeps the member's streak record (for boards) in step with their logs. */
    async recordStreak({
      guildId,
      userId,
      record,
    }: {
      guildId: string;
      userId: string;
      record: StreakRecord;
    }) {
      await saveStreak.execute({ guildId, userId, ...record });
    },

    /**
     * `recordStreak` for several members of one server, in one statement, on rows that exist only: it
     * runs in the background after a hold's end (which made the rows of those it credited), and a
     * /privacy delete landing in between must not be followed by a new row. Nothing but the member's
     * own act makes their row.
     */
    async recordStreaks(guildId: string, records: readonly { userId: string; record: StreakRecord }[]) {
      if (records.length === 0) return;
      const rows = sql.join(
        records.map(
          ({ userId, record }) =>
            sql`(${userId}::text, ${record.run}::int, ${record.lastDay}::date, ${record.best}::int, ${record.bestDay}::date)`,
        ),
        sql`, `,
      );
      await db.execute(sql`
        update ${members} m set
          left_at = null,
          streak_run = r.run,
          streak_last_day = r.last_day,
          best_streak = r.best,
          best_streak_day = r.best_day
        from (values ${rows}) as r(user_id, run, last_day, best, best_day)
        where m.guild_id = ${guildId} and m.user_id = r.user_id
      `);
    },

    /** The member acted in the server: if they were recorded as gone, they are back (on the boards too). */
    async markPresent({ guildId, userId }: { guildId: string; userId: string }) {
      await db
        .update(members)
        .set({ leftAt: null })
        .where(and(eq(members.guildId, guildId), eq(members.userId, userId), isNotNull(members.leftAt)));
    },

    async setServerTimeZone({ guildId, timeZone }: { guildId: string; timeZone: string }) {
      await db
        .insert(servers)
        .values({ guildId, timeZone })
        .onConflictDoUpdate({ target: servers.guildId, set: { timeZone } });
    },

    async setMemberTimeZone({
      guildId,
      userId,
      timeZone,
    }: {
      guildId: string;
      userId: string;
      timeZone: string | null;
    }) {
      await db
        .insert(members)
        .values({ guildId, userId, timeZone })
        .onConflictDoUpdate({ target: [members.guildId, members.userId], set: { timeZone } });
    },
  };
}

/** A streak record as the member row's columns. */
const streakColumns = (record: StreakRecord) => ({
  streakRun: record.run,
  streakLastDay: record.lastDay,
  bestStreak: record.best,
  bestStreakDay: record.bestDay,
});
