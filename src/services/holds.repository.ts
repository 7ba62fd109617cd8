import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { ShardSet } from '../core/shards.js';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import {
  exerciseLogs,
  holdParticipants,
  holdSessions,
  servers,
  type HoldParticipant,
  type HoldSession,
  type NewExerciseLog,
} from '../db/schema.js';

export type HoldsRepository = ReturnType<typeof createHoldsRepository>;

type NewHold = typeof holdSessions.$inferInsert;

export function createHoldsRepository({ db }: { db: Db }) {
  return {
    /** Undefined when the origin channel already has an open hold (the unique index decides races). */
    async insertSession(hold: NewHold): Promise<HoldSession | undefined> {
      try {
        const [row] = await db.insert(holdSessions).values(hold).returning();
        return row;
      } catch (error) {
        if (isUniqueViolation(error)) return undefined;
        throw error;
      }
    },

    async session(id: number) {
      const [row] = await db.select().from(holdSessions).where(eq(holdSessions.id, id));
      return row;
    },

    async update(id: number, changes: Partial<NewHold>) {
      const [row] = await db.update(holdSessions).set(changes).where(eq(holdSessions.id, id)).returning();
      return row;
    },

    async cancelSession(id: number, at: Date) {
      return db
        .update(holdSessions)
        .set({ status: 'cancelled', finishedAt: at })
        .where(and(eq(holdSessions.id, id), eq(holdSessions.status, 'open')))
        .returning();
    },

    openSessions(guildId: string) {
      return db
        .select()
        .from(holdSessions)
        .where(and(eq(holdSessions.guildId, guildId), eq(holdSessions.status, 'open')))
        .orderBy(asc(holdSessions.startsAt));
    },

    /** Open holds in one server, or in every server. */
    async openSessionCount(guildId?: string) {
      const open = eq(holdSessions.status, 'open');
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(holdSessions)
        .where(guildId ? and(eq(holdSessions.guildId, guildId), open) : open);
      return row?.n ?? 0;
    },

    async openSessionIn(channelId: string) {
      const [row] = await db
        .select()
        .from(holdSessions)
        .where(
          and(
            eq(holdSessions.status, 'open'),
            or(eq(holdSessions.holdChannelId, channelId), eq(holdSessions.originChannelId, channelId)),
          ),
        );
      return row;
    },

    openSessionsForVoice(guildId: string, voiceChannelId: string) {
      return db
        .select()
        .from(holdSessions)
        .where(
          and(
            eq(holdSessions.guildId, guildId),
            eq(holdSessions.status, 'open'),
            eq(holdSessions.voiceChannelId, voiceChannelId),
          ),
        );
    },

    /** Everything a timer may have to act on: open holds, and finished ones whose channel is still up. */
    activeSessions(shards?: ShardSet) {
      const live = or(
        eq(holdSessions.status, 'open'),
        and(isNull(holdSessions.channelRemovedAt), sql`${holdSessions.removeChannelAt} is not null`),
      );
      // Discord's shard formula (core's shardOf) in SQL: a process keeps the holds of its own guilds.
      const owned = shards
        ? sql`(${holdSessions.guildId}::bigint >> 22) % ${shards.count} in (${sql.join(
            shards.ids.map((id) => sql`${id}`),
            sql`, `,
          )})`
        : undefined;
      return db.select().from(holdSessions).where(and(live, owned));
    },

    /** Moves the announced milestone forward; only one process wins each step. */
    async claimStep(id: number, step: number) {
      const [row] = await db
        .update(holdSessions)
        .set({ announcedStep: step })
        .where(
          and(eq(holdSessions.id, id), eq(holdSessions.status, 'open'), lt(holdSessions.announcedStep, step)),
        )
        .returning();
      return row;
    },

    async claimChannelRemoval(id: number, at: Date) {
      const [row] = await db
        .update(holdSessions)
        .set({ channelRemovedAt: at })
        .where(and(eq(holdSessions.id, id), isNull(holdSessions.channelRemovedAt)))
        .returning();
      return row;
    },

    participants(sessionId: number) {
      return db
        .select()
        .from(holdParticipants)
        .where(eq(holdParticipants.sessionId, sessionId))
        .orderBy(asc(holdParticipants.joinedAt), asc(holdParticipants.id));
    },

    /** False when the member is already in the hold. */
    async join(sessionId: number, userId: string, at: Date, via: 'button' | 'voice') {
      const rows = await db
        .insert(holdParticipants)
        .values({ sessionId, userId, joinedAt: at, via })
        .onConflictDoNothing()
        .returning();
      return rows.length > 0;
    },

    /** Re-opens a presence that ended at or after `since` (a dropped voice connection), if any. */
    async rejoinWithinGrace(sessionId: number, userId: string, since: Date) {
      const rows = await db
        .update(holdParticipants)
        .set({ leftAt: null })
        .where(
          and(
            eq(holdParticipants.sessionId, sessionId),
            eq(holdParticipants.userId, userId),
            sql`${holdParticipants.leftAt} >= ${since.toISOString()}`,
            sql`not exists (select 1 from ${holdParticipants} p where p.session_id = ${sessionId} and p.user_id = ${userId} and p.left_at is null)`,
          ),
        )
        .returning();
      return rows.length > 0;
    },

    /** False when the member was not in the hold. */
    async leave(sessionId: number, userId: string, at: Date) {
      const rows = await db
        .update(holdParticipants)
        .set({ leftAt: at })
        .where(
          and(
            eq(holdParticipants.sessionId, sessionId),
            eq(holdParticipants.userId, userId),
            isNull(holdParticipants.leftAt),
          ),
        )
        .returning();
      return rows.length > 0;
    },

    /**
     * Finishes an open hold and writes its credits in one transaction. Returns undefined when another
     * process (or an earlier run) already finished it, so credits are written exactly once.
     */
    async finishSession(
      id: number,
      finish: { at: Date; removeChannelAt: Date; finalStep: number },
      credits: (session: HoldSession, participants: HoldParticipant[]) => Omit<NewExerciseLog, 'id'>[],
    ) {
      return db.transaction(async (tx) => {
        const [session] = await tx
          .update(holdSessions)
          .set({
            status: 'finished',
            finishedAt: finish.at,
            removeChannelAt: finish.removeChannelAt,
            announcedStep: finish.finalStep,
          })
          .where(and(eq(holdSessions.id, id), eq(holdSessions.status, 'open')))
          .returning();
        if (!session) return undefined;
        await tx
          .update(holdParticipants)
          .set({ leftAt: session.endsAt })
          .where(and(eq(holdParticipants.sessionId, id), isNull(holdParticipants.leftAt)));
        const participants = await tx
          .select()
          .from(holdParticipants)
          .where(eq(holdParticipants.sessionId, id));
        const logs = credits(session, participants);
        if (logs.length > 0) await tx.insert(exerciseLogs).values(logs).onConflictDoNothing();
        return { session, participants };
      });
    },

    async holdCategory(guildId: string) {
      const [row] = await db
        .select({ holdCategoryId: servers.holdCategoryId })
        .from(servers)
        .where(eq(servers.guildId, guildId));
      return row?.holdCategoryId ?? null;
    },

    async setHoldCategory(guildId: string, categoryId: string | null) {
      await db
        .insert(servers)
        .values({ guildId, holdCategoryId: categoryId })
        .onConflictDoUpdate({ target: servers.guildId, set: { holdCategoryId: categoryId } });
    },
  };
}
