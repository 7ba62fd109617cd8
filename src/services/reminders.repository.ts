import { and, asc, count, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { boardWeeks, leases, reminderFires, reminders, servers, type Reminder } from '../db/schema.js';

export type RemindersRepository = ReturnType<typeof createRemindersRepository>;

/** A reminder to store; its number is the next free one in its scope. */
type NewReminder = Omit<typeof reminders.$inferInsert, 'number'>;

/** The number after the highest in the reminder's scope: the member's reminders, or the server's schedules. */
const nextNumber = (reminder: NewReminder) =>
  sql`(select coalesce(max(number), 0) + 1 from reminders
       where guild_id = ${reminder.guildId} and kind = ${reminder.kind}
       ${reminder.kind === 'personal' ? sql`and owner_id = ${reminder.ownerId}` : sql``})`;
/** The bot was removed from the reminder's server: nothing of it is sent until the bot is back. */
const inRemovedServer = sql`exists (select 1 from ${servers} where ${servers.guildId} = ${reminders.guildId} and ${servers.removedAt} is not null)`;

type Outcome = NonNullable<typeof reminderFires.$inferSelect.outcome>;

/** What `/remind list` says about a reminder switched off because its schedule can't be worked out. */
export const stuckReason = 'I could not work out when it should fire next';

export interface ClaimedFire {
  reminder: Reminder;
  fireAt: Date;
  /** When a post for this fire last went to Discord: set only on a fire re-claimed after a crash. */
  postingAt?: Date | null;
}

/** A fire's identity in the reminder_fires table. */
type FireKey = { reminderId: number; fireAt: Date };
const isFire = (fire: FireKey) =>
  and(eq(reminderFires.reminderId, fire.reminderId), eq(reminderFires.fireAt, fire.fireAt));

/**
 * The lock of a reminder's scope (the member's reminders, or the server's schedules), held until the
 * transaction ends: adds in one scope are counted and numbered one at a time.
 */
const lockScope = (reminder: Pick<NewReminder, 'guildId' | 'kind' | 'ownerId'>) =>
  sql`select pg_advisory_xact_lock(hashtextextended(${`reminders:${reminder.guildId}:${reminder.kind}:${reminder.kind === 'personal' ? reminder.ownerId : ''}`}::text, 0))`;

export function createRemindersRepository({ db }: { db: Db }) {
  return {
    /**
     * Stores a reminder under its scope's lock, if the scope holds fewer than `max`; null when it is
     * full. Simultaneous adds by one member (or in one server) thus never collide on a number nor pass
     * the cap together.
     */
    async insertWithin(reminder: NewReminder, max: number): Promise<Reminder | null> {
      return db.transaction(async (tx) => {
        await tx.execute(lockScope(reminder));
        const [held] = await tx
          .select({ n: count() })
          .from(reminders)
          .where(
            and(
              eq(reminders.guildId, reminder.guildId),
              eq(reminders.kind, reminder.kind),
              reminder.kind === 'personal' ? eq(reminders.ownerId, reminder.ownerId) : undefined,
            ),
          );
        if ((held?.n ?? 0) >= max) return null;
        const [row] = await tx
          .insert(reminders)
          .values({ ...reminder, number: nextNumber(reminder) })
          .returning();
        return row!;
      });
    },

    ofOwner(guildId: string, ownerId: string, kind: Reminder['kind']) {
      return db
        .select()
        .from(reminders)
        .where(and(eq(reminders.guildId, guildId), eq(reminders.ownerId, ownerId), eq(reminders.kind, kind)))
        .orderBy(asc(reminders.id));
    },

    async replaceWeeklyBoard(board: NewReminder) {
      return db.transaction(async (tx) => {
        await tx.execute(lockScope(board));
        await tx
          .delete(reminders)
          .where(and(eq(reminders.guildId, board.guildId), eq(reminders.kind, 'leaderboard')));
        const [row] = await tx
          .insert(reminders)
          .values({ ...board, number: nextNumber(board) })
          .returning();
        return row!;
      });
    },

    ofServerKind(guildId: string, kind: Reminder['kind']) {
      return db
        .select()
        .from(reminders)
        .where(and(eq(reminders.guildId, guildId), eq(reminders.kind, kind)));
    },

    async reschedule(id: number, timeZone: string, nextFireAt: Date) {
      await db.update(reminders).set({ timeZone, nextFireAt }).where(eq(reminders.id, id));
    },

    ofServer(guildId: string) {
      return db
        .select()
        .from(reminders)
        .where(and(eq(reminders.guildId, guildId), eq(reminders.kind, 'server')))
        .orderBy(asc(reminders.id));
    },

    async countOf(guildId: string, kind: Reminder['kind'], ownerId?: string) {
      const [row] = await db
        .select({ n: count() })
        .from(reminders)
        .where(
          and(
            eq(reminders.guildId, guildId),
            eq(reminders.kind, kind),
            ownerId ? eq(reminders.ownerId, ownerId) : undefined,
          ),
        );
      return row?.n ?? 0;
    },

    async remove(where: { number: number; guildId: string; kind: Reminder['kind']; ownerId?: string }) {
      const rows = await db
        .delete(reminders)
        .where(
          and(
            eq(reminders.number, where.number),
            eq(reminders.guildId, where.guildId),
            eq(reminders.kind, where.kind),
            where.ownerId ? eq(reminders.ownerId, where.ownerId) : undefined,
          ),
        )
        .returning();
      return rows[0];
    },

    async get(id: number) {
      const [row] = await db.select().from(reminders).where(eq(reminders.id, id));
      return row;
    },

    /**
     * Claims up to `limit` due reminders: locks them (other processes skip them), records one fire row
     * per reminder and instant (a second claim of the same instant inserts nothing), and moves each to
     * its next instant, all in one transaction.
     */
    async claimDue(params: {
      now: Date;
      limit: number;
      holder: string;
      /** The instant to fire for (the latest one that has come) and the one after it. */
      plan: (reminder: Reminder) => { fireAt: Date; next: Date };
    }): Promise<ClaimedFire[]> {
      return db.transaction(async (tx) => {
        const due = await tx
          .select()
          .from(reminders)
          .where(
            and(
              eq(reminders.enabled, true),
              sql`${reminders.nextFireAt} <= ${params.now.toISOString()}`,
              sql`not ${inRemovedServer}`,
            ),
          )
          .orderBy(asc(reminders.nextFireAt))
          .limit(params.limit)
          .for('update', { skipLocked: true });
        if (due.length === 0) return [];
        // A reminder whose next fire can't be worked out (damaged or outdated schedule text) is switched
        // off with a reason, so that it never fails the claim of all the others, tick after tick.
        const planned: { reminder: Reminder; fireAt: Date; next: Date }[] = [];
        const stuck: number[] = [];
        for (const reminder of due) {
          try {
            planned.push({ reminder, ...params.plan(reminder) });
          } catch {
            stuck.push(reminder.id);
          }
        }
        if (stuck.length > 0) {
          await tx
            .update(reminders)
            .set({ enabled: false, disabledReason: stuckReason })
            .where(inArray(reminders.id, stuck));
        }
        if (planned.length === 0) return [];
        const claimed = await tx
          .insert(reminderFires)
          .values(
            planned.map(({ reminder, fireAt }) => ({
              reminderId: reminder.id,
              fireAt,
              claimedAt: params.now,
              claimedBy: params.holder,
            })),
          )
          .onConflictDoNothing()
          .returning({ reminderId: reminderFires.reminderId });
        // Reminders sharing a schedule move to the same instant: one UPDATE per distinct instant.
        const byNext = new Map<string, number[]>();
        for (const { reminder, next } of planned) {
          const key = next.toISOString();
          byNext.set(key, [...(byNext.get(key) ?? []), reminder.id]);
        }
        for (const [next, ids] of byNext) {
          await tx.execute(
            sql.raw(`update reminders set next_fire_at = '${next}' where id in (${ids.join(',')})`),
          );
        }
        const fresh = new Set(claimed.map((row) => row.reminderId));
        return planned
          .filter(({ reminder }) => fresh.has(reminder.id))
          .map(({ reminder, fireAt }) => ({ reminder, fireAt }));
      });
    },

    /** Fires claimed long ago and never settled: their claimer died between claim and send. */
    async claimAbandoned(params: { olderThan: Date; since: Date; holder: string; now: Date; limit: number }) {
      const rows = await db
        .update(reminderFires)
        .set({ claimedAt: params.now, claimedBy: params.holder })
        .where(
          and(
            isNull(reminderFires.outcome),
            lt(reminderFires.claimedAt, params.olderThan),
            sql`${reminderFires.fireAt} >= ${params.since.toISOString()}`,
            sql`(${reminderFires.reminderId}, ${reminderFires.fireAt}) in (select f.reminder_id, f.fire_at from reminder_fires f where f.outcome is null and f.claimed_at < ${params.olderThan.toISOString()} and not exists (select 1 from ${reminders} r join ${servers} s on s.guild_id = r.guild_id where r.id = f.reminder_id and s.removed_at is not null) limit ${params.limit} for update skip locked)`,
          ),
        )
        .returning();
      const found: ClaimedFire[] = [];
      // Fires of servers the bot was removed from are left alone (not even re-claimed) until it is back.
      for (const fire of rows) {
        const [reminder] = await db.select().from(reminders).where(eq(reminders.id, fire.reminderId));
        if (reminder?.enabled) found.push({ reminder, fireAt: fire.fireAt, postingAt: fire.postingAt });
      }
      return found;
    },

    /** Just before the post goes to Discord: from now on a crash leaves a fire that was maybe posted. */
    async markPosting(fire: FireKey, at: Date, options: { restart: boolean }) {
      // Discord's memory of a nonce runs from the first attempt, so plain retries keep the first time.
      const postingAt = options.restart ? at : sql`coalesce(${reminderFires.postingAt}, ${at.toISOString()})`;
      await db.update(reminderFires).set({ postingAt }).where(isFire(fire));
    },

    async settle(fire: FireKey, outcome: Outcome, at: Date, messageId?: string) {
      await db
        .update(reminderFires)
        .set({ outcome, settledAt: at, ...(messageId ? { messageId } : {}) })
        .where(isFire(fire));
    },

    /**
     * Takes a server-week's board for this fire: true when the week is this fire's to post (newly taken,
     * or taken by it before a crash), false when another fire has it (moved by a zone change, or a
     * board set up again the same week).
     */
    async takeBoardWeek(week: { guildId: string; weekStart: string }, fire: FireKey, at: Date) {
      await db
        .insert(boardWeeks)
        .values({ ...week, reminderId: fire.reminderId, fireAt: fire.fireAt, claimedAt: at })
        .onConflictDoNothing();
      const [owner] = await db
        .select()
        .from(boardWeeks)
        .where(and(eq(boardWeeks.guildId, week.guildId), eq(boardWeeks.weekStart, week.weekStart)));
      return owner?.reminderId === fire.reminderId && owner.fireAt.getTime() === fire.fireAt.getTime();
    },

    /** Whether the server's board for this week, or a later one, has been taken for posting. */
    async boardPostedFrom(week: { guildId: string; weekStart: string }) {
      const [row] = await db
        .select({ guildId: boardWeeks.guildId })
        .from(boardWeeks)
        .where(and(eq(boardWeeks.guildId, week.guildId), gte(boardWeeks.weekStart, week.weekStart)))
        .limit(1);
      return row !== undefined;
    },

    async recordFailure(id: number, maxFailures: number, reason: string) {
      const [row] = await db
        .update(reminders)
        .set({
          failures: sql`${reminders.failures} + 1`,
          enabled: sql`${reminders.failures} + 1 < ${maxFailures}`,
          disabledReason: sql`case when ${reminders.failures} + 1 >= ${maxFailures} then ${reason} else null end`,
        })
        .where(eq(reminders.id, id))
        .returning();
      return row;
    },

    /** Switches off these members' personal reminders in one server; returns those it switched off. */
    async switchOffPersonalOf(guildId: string, ownerIds: readonly string[], reason: string) {
      if (ownerIds.length === 0) return [];
      return db
        .update(reminders)
        .set({ enabled: false, disabledReason: reason })
        .where(
          and(
            eq(reminders.guildId, guildId),
            eq(reminders.kind, 'personal'),
            inArray(reminders.ownerId, [...ownerIds]),
            eq(reminders.enabled, true),
          ),
        )
        .returning();
    },

    /** Switches one reminder off if it is on; the row as it is afterwards, or undefined if it is gone. */
    async switchOff(id: number, reason: string) {
      const [switched] = await db
        .update(reminders)
        .set({ enabled: false, disabledReason: reason })
        .where(and(eq(reminders.id, id), eq(reminders.enabled, true)))
        .returning();
      return switched ? { reminder: switched, wasOn: true } : { reminder: await this.get(id), wasOn: false };
    },

    async removeById(id: number) {
      await db.delete(reminders).where(eq(reminders.id, id));
    },

    async recordSuccess(id: number) {
      await db
        .update(reminders)
        .set({ failures: 0 })
        .where(and(eq(reminders.id, id), sql`${reminders.failures} > 0`));
    },

    /** Takes or renews a named lease; true while this holder has it. */
    async holdLease(name: string, holder: string, now: Date, ttlMs: number) {
      const expiresAt = new Date(now.getTime() + ttlMs);
      const rows = await db
        .insert(leases)
        .values({ name, holder, expiresAt })
        .onConflictDoUpdate({
          target: leases.name,
          set: { holder, expiresAt },
          setWhere: sql`${leases.holder} = ${holder} or ${leases.expiresAt} < ${now.toISOString()}`,
        })
        .returning();
      return rows.length > 0;
    },

    async releaseLease(name: string, holder: string) {
      await db.delete(leases).where(and(eq(leases.name, name), eq(leases.holder, holder)));
    },
  };
}
