import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** Discord snowflakes are kept as text: they overflow a JS number. */
const snowflake = (name: string) => text(name);

export const servers = pgTable('servers', {
  guildId: snowflake('guild_id').primaryKey(),
  timeZone: text('time_zone').notNull().default('UTC'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const members = pgTable(
  'members',
  {
    guildId: snowflake('guild_id').notNull(),
    userId: snowflake('user_id').notNull(),
    /** Null: the server's time zone applies. */
    timeZone: text('time_zone'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.guildId, table.userId] })],
);

export const logSources = ['command', 'hold'] as const;

export const exerciseLogs = pgTable(
  'exercise_logs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    guildId: snowflake('guild_id').notNull(),
    userId: snowflake('user_id').notNull(),
    exercise: text('exercise').notNull(),
    /** Reps for rep exercises, seconds for timed ones. */
    amount: integer('amount').notNull(),
    loggedAt: timestamp('logged_at', { withTimezone: true }).notNull(),
    /** The member's calendar day the log counts for, so streaks and weeks need no time-zone maths in SQL. */
    localDay: date('local_day', { mode: 'string' }).notNull(),
    source: text('source', { enum: logSources }).notNull().default('command'),
    note: text('note'),
  },
  (table) => [
    // Per-member history: /me, streaks, /undo (newest id first).
    index('exercise_logs_member_day_idx').on(table.guildId, table.userId, table.localDay),
    index('exercise_logs_member_id_idx').on(table.guildId, table.userId, table.id.desc()),
    // Server-wide windows: weekly boards.
    index('exercise_logs_guild_day_idx').on(table.guildId, table.localDay),
    check('exercise_logs_amount_positive', sql`${table.amount} > 0`),
  ],
);

export type ExerciseLog = typeof exerciseLogs.$inferSelect;
export type NewExerciseLog = typeof exerciseLogs.$inferInsert;
export type Server = typeof servers.$inferSelect;
export type Member = typeof members.$inferSelect;
