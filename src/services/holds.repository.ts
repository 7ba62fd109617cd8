import { and, asc, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { bankPresence, timePhases } from '../core/hold-timeline.js';
import type { ShardSet } from '../core/shards.js';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import {
  exerciseLogs,
  holdParticipants,
  holdSessions,
  members,
  servers,
  type HoldParticipant,
  type HoldSession,
  type NewExerciseLog,
} from '../db/schema.js';

export type HoldsRepository = ReturnType<typeof createHoldsRepository>;

type NewHold = typeof holdSessions.$inferInsert;

/** Why a hold was not inserted: one is open in its channel, or the server's or the starter's cap is reached. */
export type HoldInsertRefusal = 'already_running' | 'too_many' | 'too_many_yours';

/** How a join went: in, already in, or the hold is no longer open. */
export type JoinOutcome = 'joined' | 'already_in' | 'closed';

export function createHoldsRepository({ db }: { db: Db }) {
  return {
    /**
     * Inserts a hold unless a cap is reached: `perServer` open holds in its server, `perStarter` started
     * by its starter there (null: no such cap). Counted under the server's lock, so two starts at once
     * cannot both take the last place; the unique index settles two starts in one channel.
     */
    async insertSession(
      hold: NewHold,
      caps: { perServer: number; perStarter: number | null },
    ): Promise<HoldSession | HoldInsertRefusal> {
      try {
        return await db.transaction(async (tx) => {
          await tx.execute(
            sql`select pg_advisory_xact_lock(hashtextextended(${`holds:${hold.guildId}`}::text, 0))`,
          );
          const [counts] = await tx
            .select({
              all: sql<number>`count(*)::int`,
              starters: sql<number>`(count(*) filter (where ${holdSessions.startedBy} = ${hold.startedBy}))::int`,
            })
            .from(holdSessions)
            .where(and(eq(holdSessions.guildId, hold.guildId), eq(holdSessions.status, 'open')));
          if ((counts?.all ?? 0) >= caps.perServer) return 'too_many';
          if (caps.perStarter !== null && (counts?.starters ?? 0) >= caps.perStarter) return 'too_many_yours';
          const [row] = await tx.insert(holdSessions).values(hold).returning();
          return row!;
        });
      } catch (error) {
        if (isUniqueViolation(error)) return 'already_running';
        throw error;
      }
    },

    /** Open holds this member started in this server. */
    async openSessionCountBy(guildId: string, userId: string) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(holdSessions)
        .where(
          and(
            eq(holdSessions.guildId, guildId),
            eq(holdSessions.status, 'open'),
            eq(holdSessions.startedBy, userId),
          ),
        );
      return row?.n ?? 0;
    },

    /** The voice channel no longer passes this member over: they entered it, or left it. */
    async removeBystander(sessionId: number, userId: string) {
      await db
        .update(holdSessions)
        .set({ voiceBystanders: sql`array_remove(${holdSessions.voiceBystanders}, ${userId}::text)` })
        .where(
          and(eq(holdSessions.id, sessionId), sql`${userId}::text = any(${holdSessions.voiceBystanders})`),
        );
    },

    /** The voice channel passes this member over until they enter it again (they pressed Leave). */
    async addBystander(sessionId: number, userId: string) {
      await db
        .update(holdSessions)
        .set({ voiceBystanders: sql`array_append(${holdSessions.voiceBystanders}, ${userId}::text)` })
        .where(
          and(
            eq(holdSessions.id, sessionId),
            sql`not (${userId}::text = any(${holdSessions.voiceBystanders}))`,
          ),
        );
    },

    /**
     * Closes a hold whose lobby ended with nobody in it; undefined when someone is in it (or it is no
     * longer open). The hold's row is locked first, as joins lock it, so no join slips in between.
     */
    async cancelIfEmpty(id: number, at: Date, removeChannelAt: Date) {
      return db.transaction(async (tx) => {
        const [locked] = await tx
          .select({ status: holdSessions.status })
          .from(holdSessions)
          .where(eq(holdSessions.id, id))
          .for('update');
        if (locked?.status !== 'open') return undefined;
        const [someone] = await tx
          .select({ id: holdParticipants.id })
          .from(holdParticipants)
          .where(and(eq(holdParticipants.sessionId, id), isNull(holdParticipants.leftAt)))
          .limit(1);
        if (someone) return undefined;
        const [row] = await tx
          .update(holdSessions)
          .set({ status: 'cancelled', finishedAt: at, removeChannelAt })
          .where(eq(holdSessions.id, id))
          .returning();
        return row;
      });
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

    /**
     * Puts the member in the hold, on their one row: a first join inserts it; a join after leaving
     * re-opens it, keeping the time held so far in `heldBeforeMs`; a return at or after `graceSince` (a
     * dropped voice connection) re-opens it as if they never left. The hold's row is locked first, so
     * joins, the empty-lobby close and a /privacy delete of the member never interleave.
     */
    async join(
      sessionId: number,
      userId: string,
      at: Date,
      via: 'button' | 'voice',
      graceSince?: Date,
    ): Promise<JoinOutcome> {
      return db.transaction(async (tx) => {
        const [session] = await tx
          .select()
          .from(holdSessions)
          .where(eq(holdSessions.id, sessionId))
          .for('update');
        if (session?.status !== 'open') return 'closed';
        const [row] = await tx
          .select()
          .from(holdParticipants)
          .where(and(eq(holdParticipants.sessionId, sessionId), eq(holdParticipants.userId, userId)))
          .orderBy(desc(holdParticipants.leftAt), desc(holdParticipants.id))
          .limit(1);
        if (!row) {
          await tx.insert(holdParticipants).values({ sessionId, userId, joinedAt: at, via });
          return 'joined';
        }
        if (row.leftAt === null) return 'already_in';
        const back =
          graceSince && row.leftAt >= graceSince
            ? { leftAt: null }
            : {
                joinedAt: at,
                leftAt: null,
                via,
                heldBeforeMs: bankPresence(
                  timePhases(session.startsAt, session.phases),
                  row.heldBeforeMs,
                  row.joinedAt,
                  row.leftAt,
                ),
              };
        await tx.update(holdParticipants).set(back).where(eq(holdParticipants.id, row.id));
        return 'joined';
      });
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
        if (logs.length > 0) {
          await tx.insert(exerciseLogs).values(logs).onConflictDoNothing();
          // Members credited here took part (a Join, or entering the voice channel): their row is made now,
          // in the same transaction, so the streak refresh after it only ever updates rows.
          await tx
            .insert(members)
            .values(
              [...new Set(logs.map((log) => log.userId))].map((userId) => ({
                guildId: session.guildId,
                userId,
              })),
            )
            .onConflictDoNothing();
        }
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
