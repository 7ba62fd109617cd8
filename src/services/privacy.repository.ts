import { and, asc, eq, gt, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  activityDays,
  activityExerciseMonths,
  activityMonths,
  activityWeeks,
  boardWeeks,
  exerciseLogs,
  holdParticipants,
  holdSessions,
  members,
  reminders,
  servers,
  type ExerciseLog,
  type HoldParticipant,
  type HoldSession,
  type Member,
  type Reminder,
} from '../db/schema.js';

export type PrivacyRepository = ReturnType<typeof createPrivacyRepository>;

interface MemberKey {
  guildId: string;
  userId: string;
}

/**
 * Stands in for a member who deleted their data, where a shared record must keep a name: the starter
 * of a group hold, the admin who set up a server schedule. Discord never gives a user the id 0.
 */
export const formerMemberId = '0';

/**
 * An export reads a member's every row in batches, each statement short; this bounds each one on its own
 * (the bot's 2.5 s is for answers due in 3 s, and an export has deferred its answer).
 */
const exportStatementTimeout = sql`set local statement_timeout = '15s'`;

/** The rows of an export other than the logs: few, whatever the member's history. */
export type ExportHeadRows = {
  settings: Member | null;
  holds: { participation: HoldParticipant; routine: string; startsAt: Date; endsAt: Date }[];
  holdsStarted: Pick<HoldSession, 'id' | 'routine' | 'startsAt' | 'endsAt' | 'status'>[];
  reminders: Reminder[];
};

/** Purging a large server deletes millions of rows; it runs in the background, past the bot's 5 s limit. */
const purgeStatementTimeout = sql`set local statement_timeout = '10min'`;

export function createPrivacyRepository({ db }: { db: Db }) {
  const isMember = ({ guildId, userId }: MemberKey) => ({
    members: and(eq(members.guildId, guildId), eq(members.userId, userId)),
    logs: and(eq(exerciseLogs.guildId, guildId), eq(exerciseLogs.userId, userId)),
    days: and(eq(activityDays.guildId, guildId), eq(activityDays.userId, userId)),
    weeks: and(eq(activityWeeks.guildId, guildId), eq(activityWeeks.userId, userId)),
    months: and(eq(activityMonths.guildId, guildId), eq(activityMonths.userId, userId)),
    exerciseMonths: and(
      eq(activityExerciseMonths.guildId, guildId),
      eq(activityExerciseMonths.userId, userId),
    ),
    reminders: and(eq(reminders.guildId, guildId), eq(reminders.ownerId, userId)),
    holdsStarted: and(eq(holdSessions.guildId, guildId), eq(holdSessions.startedBy, userId)),
  });
  const sessionsOf = (guildId: string) =>
    db.select({ id: holdSessions.id }).from(holdSessions).where(eq(holdSessions.guildId, guildId));

  return {
    /**
     * Every row that is the member's in this server, read in one snapshot: the few (settings, holds,
     * reminders) handed to `rows.head` first, then the logs, `batchSize` at a time in id order, to
     * `rows.logs`, each batch awaited before the next is read. Returns how many logs there were.
     */
    async exportRows(
      member: MemberKey,
      rows: {
        head(head: ExportHeadRows): Promise<void> | void;
        logs(batch: ExerciseLog[]): Promise<void>;
      },
      batchSize: number,
    ): Promise<number> {
      const where = isMember(member);
      return db.transaction(
        async (tx) => {
          await tx.execute(exportStatementTimeout);
          const [settings] = await tx.select().from(members).where(where.members);
          const holds = await tx
            .select({
              participation: holdParticipants,
              routine: holdSessions.routine,
              startsAt: holdSessions.startsAt,
              endsAt: holdSessions.endsAt,
            })
            .from(holdParticipants)
            .innerJoin(holdSessions, eq(holdSessions.id, holdParticipants.sessionId))
            .where(and(eq(holdParticipants.userId, member.userId), eq(holdSessions.guildId, member.guildId)))
            .orderBy(asc(holdParticipants.id));
          const holdsStarted = await tx
            .select({
              id: holdSessions.id,
              routine: holdSessions.routine,
              startsAt: holdSessions.startsAt,
              endsAt: holdSessions.endsAt,
              status: holdSessions.status,
            })
            .from(holdSessions)
            .where(where.holdsStarted)
            .orderBy(asc(holdSessions.id));
          const owned = await tx.select().from(reminders).where(where.reminders).orderBy(asc(reminders.id));
          await rows.head({ settings: settings ?? null, holds, holdsStarted, reminders: owned });
          // By id, from the last one read (exercise_logs_member_id_idx): no batch re-reads the ones before.
          let count = 0;
          let after = 0;
          for (;;) {
            const batch = await tx
              .select()
              .from(exerciseLogs)
              .where(and(where.logs, gt(exerciseLogs.id, after)))
              .orderBy(asc(exerciseLogs.id))
              .limit(batchSize);
            if (batch.length === 0) break;
            count += batch.length;
            after = batch.at(-1)!.id;
            await rows.logs(batch);
            if (batch.length < batchSize) break;
          }
          return count;
        },
        { accessMode: 'read only', isolationLevel: 'repeatable read' },
      );
    },

    /**
     * Removes the member's rows in this server in one transaction: logs, roll-ups, hold participation,
     * personal reminders (their fires go with them) and the member row. Shared records they made (holds
     * they started, server schedules they set up) stay for the others but no longer name them.
     */
    async deleteMember(member: MemberKey) {
      const where = isMember(member);
      return db.transaction(async (tx) => {
        // The holds the member is in are locked first, as a hold's end and every join lock them: an end
        // either committed its credits before this (they are deleted below) or finds the member gone.
        await tx
          .select({ id: holdSessions.id })
          .from(holdSessions)
          .where(
            and(
              eq(holdSessions.guildId, member.guildId),
              inArray(
                holdSessions.id,
                tx
                  .select({ id: holdParticipants.sessionId })
                  .from(holdParticipants)
                  .where(eq(holdParticipants.userId, member.userId)),
              ),
            ),
          )
          .for('update');
        const logs = await tx.delete(exerciseLogs).where(where.logs).returning({ id: exerciseLogs.id });
        await tx.delete(activityDays).where(where.days);
        await tx.delete(activityWeeks).where(where.weeks);
        await tx.delete(activityMonths).where(where.months);
        await tx.delete(activityExerciseMonths).where(where.exerciseMonths);
        const holds = await tx
          .delete(holdParticipants)
          .where(
            and(
              eq(holdParticipants.userId, member.userId),
              inArray(holdParticipants.sessionId, sessionsOf(member.guildId)),
            ),
          )
          .returning({ id: holdParticipants.id });
        await tx.update(holdSessions).set({ startedBy: formerMemberId }).where(where.holdsStarted);
        const personal = await tx
          .delete(reminders)
          .where(and(where.reminders, eq(reminders.kind, 'personal')))
          .returning({ id: reminders.id });
        await tx.update(reminders).set({ ownerId: formerMemberId }).where(where.reminders);
        const settings = await tx.delete(members).where(where.members).returning({ userId: members.userId });
        return {
          logs: logs.length,
          holds: holds.length,
          reminders: personal.length,
          settings: settings.length,
        };
      });
    },

    /** Hidden from every board from `at` on; null shows the member again. */
    async setHidden(member: MemberKey, at: Date | null) {
      await db
        .insert(members)
        .values({ ...member, hiddenAt: at })
        .onConflictDoUpdate({
          target: [members.guildId, members.userId],
          set: { hiddenAt: at },
          // Hiding twice keeps the first date.
          ...(at ? { setWhere: sql`${members.hiddenAt} is null` } : {}),
        });
    },

    async hiddenAt(member: MemberKey) {
      const [row] = await db
        .select({ hiddenAt: members.hiddenAt })
        .from(members)
        .where(isMember(member).members);
      return row?.hiddenAt ?? null;
    },

    /** The bot is in these servers: they are recorded, and any pending purge is called off. */
    async markServersPresent(guildIds: readonly string[]) {
      if (guildIds.length === 0) return;
      await db
        .insert(servers)
        .values(guildIds.map((guildId) => ({ guildId })))
        .onConflictDoUpdate({
          target: servers.guildId,
          set: { removedAt: null },
          setWhere: isNotNull(servers.removedAt),
        });
    },

    async markServerRemoved(guildId: string, at: Date) {
      await db
        .insert(servers)
        .values({ guildId, removedAt: at })
        .onConflictDoUpdate({ target: servers.guildId, set: { removedAt: at } });
    },

    /** Servers the bot was removed from before `before`: purge candidates. */
    async serversRemovedBefore(before: Date) {
      const rows = await db
        .select({ guildId: servers.guildId })
        .from(servers)
        .where(and(isNotNull(servers.removedAt), lt(servers.removedAt, before)));
      return rows.map((row) => row.guildId);
    },

    /**
     * Deletes everything of one server, in one transaction, if it is still removed since before `before`;
     * false when the bot was added back meanwhile. The server row goes first, so a concurrent re-add waits.
     */
    async purgeServer(guildId: string, before: Date): Promise<boolean> {
      return db.transaction(async (tx) => {
        await tx.execute(purgeStatementTimeout);
        const gone = await tx
          .delete(servers)
          .where(and(eq(servers.guildId, guildId), lt(servers.removedAt, before)))
          .returning({ guildId: servers.guildId });
        if (gone.length === 0) return false;
        await tx.delete(exerciseLogs).where(eq(exerciseLogs.guildId, guildId));
        await tx.delete(activityDays).where(eq(activityDays.guildId, guildId));
        await tx.delete(activityWeeks).where(eq(activityWeeks.guildId, guildId));
        await tx.delete(activityMonths).where(eq(activityMonths.guildId, guildId));
        await tx.delete(activityExerciseMonths).where(eq(activityExerciseMonths.guildId, guildId));
        // Participants and fires go with their holds and reminders (on delete cascade).
        await tx.delete(holdSessions).where(eq(holdSessions.guildId, guildId));
        await tx.delete(reminders).where(eq(reminders.guildId, guildId));
        await tx.delete(boardWeeks).where(eq(boardWeeks.guildId, guildId));
        await tx.delete(members).where(eq(members.guildId, guildId));
        return true;
      });
    },
  };
}
