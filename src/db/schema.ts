import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  doublePrecision,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { PhaseTemplate } from '../core/routines.js';

/** Discord snowflakes are kept as text: they overflow a JS number. */
const snowflake = (name: string) => text(name);

export const servers = pgTable(
  'servers',
  {
    guildId: snowflake('guild_id').primaryKey(),
    timeZone: text('time_zone').notNull().default('UTC'),
    /** Where hold channels are created; null: the category of the channel where /hold start was used. */
    holdCategoryId: snowflake('hold_category_id'),
    /** Where and when the weekly board is posted (ISO weekday, 1 = Monday; HH:MM in the server's zone). */
    leaderboardChannelId: snowflake('leaderboard_channel_id'),
    leaderboardDay: integer('leaderboard_day').notNull().default(1),
    leaderboardTime: text('leaderboard_time').notNull().default('09:00'),
    /** Set when the bot is removed from the server; its data is purged once this is older than the grace period. */
    removedAt: timestamp('removed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('servers_removed_idx')
      .on(table.removedAt)
      .where(sql`${table.removedAt} is not null`),
  ],
);

export const members = pgTable(
  'members',
  {
    guildId: snowflake('guild_id').notNull(),
    userId: snowflake('user_id').notNull(),
    /** Null: the server's time zone applies. */
    timeZone: text('time_zone'),
    /**
     * The member's latest run of consecutive active days, kept with every log so boards can rank
     * thousands of members without reading their history: `streakRun` days ending on `streakLastDay`.
     */
    streakRun: integer('streak_run').notNull().default(0),
    streakLastDay: date('streak_last_day', { mode: 'string' }),
    bestStreak: integer('best_streak').notNull().default(0),
    /** The last day of the best run, to tell a new best apart from an old one. */
    bestStreakDay: date('best_streak_day', { mode: 'string' }),
    /** Days a change of time zone took from the member's calendar: they join a streak without counting. */
    streakBridges: date('streak_bridges', { mode: 'string' })
      .array()
      .notNull()
      .default(sql`'{}'::date[]`),
    /** Set when Discord says the member is gone; they drop off the boards. */
    leftAt: timestamp('left_at', { withTimezone: true }),
    /** Set by /privacy hide: the member keeps logging but appears on no leaderboard. */
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    /**
     * The name the member goes by in this server (nickname, else display name), as their latest command or
     * button press (or voice join into a hold) carried it: holds name people without asking Discord, since
     * mentions in embeds show as raw ids to members whose client has not loaded them. Null until then.
     */
    displayName: text('display_name'),
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
    holdSessionId: bigint('hold_session_id', { mode: 'number' }),
  },
  (table) => [
    // Per-member history: /me, streaks, /undo (newest id first).
    // Exercise and amount are in the key so /me's totals are an index-only scan, with no table reads.
    index('exercise_logs_member_day_idx').on(
      table.guildId,
      table.userId,
      table.localDay,
      table.exercise,
      table.amount,
    ),
    index('exercise_logs_member_id_idx').on(table.guildId, table.userId, table.id.desc()),
    // Server-wide windows: weekly boards.
    index('exercise_logs_guild_day_idx').on(table.guildId, table.localDay),
    check('exercise_logs_amount_positive', sql`${table.amount} > 0`),
    // A hold credits each participant once per exercise, whoever finishes it and however often.
    uniqueIndex('exercise_logs_hold_credit_idx')
      .on(table.holdSessionId, table.userId, table.exercise)
      .where(sql`${table.holdSessionId} is not null`),
  ],
);

export const holdStatuses = ['open', 'finished', 'cancelled'] as const;

export const holdSessions = pgTable(
  'hold_sessions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    guildId: snowflake('guild_id').notNull(),
    /** Where /hold start was used; one open hold per such channel. */
    originChannelId: snowflake('origin_channel_id').notNull(),
    /** The temporary channel or thread the hold runs in; null until it exists. */
    holdChannelId: snowflake('hold_channel_id'),
    holdChannelKind: text('hold_channel_kind', { enum: ['channel', 'thread'] }),
    voiceChannelId: snowflake('voice_channel_id'),
    /**
     * Members sitting in the voice channel whom it does not enrol: there when the hold opened (invited,
     * not enrolled), or who pressed Leave while there. Entering the channel again enrols them.
     */
    voiceBystanders: snowflake('voice_bystanders')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    routine: text('routine').notNull(),
    /** The routine's phases as scaled when the hold was started, so a later catalog change can't alter it. */
    phases: jsonb('phases').$type<PhaseTemplate[]>().notNull(),
    startedBy: snowflake('started_by').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: holdStatuses }).notNull().default('open'),
    liveMessageId: snowflake('live_message_id'),
    /** The last milestone announced: -1 the lobby, 0..n-1 the start of each phase, n the end. */
    announcedStep: integer('announced_step').notNull().default(-1),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    removeChannelAt: timestamp('remove_channel_at', { withTimezone: true }),
    channelRemovedAt: timestamp('channel_removed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('hold_sessions_one_open_per_channel_idx')
      .on(table.originChannelId)
      .where(sql`${table.status} = 'open'`),
    index('hold_sessions_open_idx').on(table.status, table.guildId),
  ],
);

export const holdParticipants = pgTable(
  'hold_participants',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    sessionId: bigint('session_id', { mode: 'number' })
      .notNull()
      .references(() => holdSessions.id, { onDelete: 'cascade' }),
    userId: snowflake('user_id').notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull(),
    leftAt: timestamp('left_at', { withTimezone: true }),
    via: text('via', { enum: ['button', 'voice'] }).notNull(),
    /**
     * Milliseconds held in each phase (by index) before `joinedAt`, from earlier presences: a member who
     * leaves and joins again keeps one row, so pressing Leave and Join over and over adds no rows.
     */
    heldBeforeMs: integer('held_before_ms')
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
  },
  (table) => [
    // A member is in a hold at most once at a time: a double-click on Join finds the row already there.
    uniqueIndex('hold_participants_present_idx')
      .on(table.sessionId, table.userId)
      .where(sql`${table.leftAt} is null`),
    index('hold_participants_session_idx').on(table.sessionId),
    // A member's own holds, for /privacy export and delete.
    index('hold_participants_user_idx').on(table.userId),
  ],
);

export const reminders = pgTable(
  'reminders',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    guildId: snowflake('guild_id').notNull(),
    /** Who made it: the member for a personal reminder, the admin for a server schedule. */
    ownerId: snowflake('owner_id').notNull(),
    /** personal: a member's DM; server: an admin's channel post; leaderboard: the weekly board. */
    kind: text('kind', { enum: ['personal', 'server', 'leaderboard'] }).notNull(),
    /** What members call it (#1, #2 …): counted per member for personal reminders, per server otherwise. */
    number: integer('number').notNull(),
    /** Where it is posted: the owner's DM channel, or the server channel. */
    channelId: snowflake('channel_id').notNull(),
    /** The schedule as core/cron.ts reads it: a 5-field cron expression or an interval (`every 45m from …`). */
    cron: text('cron').notNull(),
    timeZone: text('time_zone').notNull(),
    scheduleWords: text('schedule_words').notNull(),
    message: text('message').notNull(),
    onlyIfNotLogged: boolean('only_if_not_logged').notNull().default(false),
    openHoldRoutine: text('open_hold_routine'),
    /** The next scheduled instant; the scheduler claims reminders whose instant has come. */
    nextFireAt: timestamp('next_fire_at', { withTimezone: true }).notNull(),
    enabled: boolean('enabled').notNull().default(true),
    failures: integer('failures').notNull().default(0),
    disabledReason: text('disabled_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('reminders_due_idx')
      .on(table.nextFireAt)
      .where(sql`${table.enabled}`),
    index('reminders_owner_idx').on(table.guildId, table.ownerId),
    uniqueIndex('reminders_one_board_per_server_idx')
      .on(table.guildId)
      .where(sql`${table.kind} = 'leaderboard'`),
    uniqueIndex('reminders_personal_number_idx')
      .on(table.guildId, table.ownerId, table.number)
      .where(sql`${table.kind} = 'personal'`),
    uniqueIndex('reminders_server_number_idx')
      .on(table.guildId, table.kind, table.number)
      .where(sql`${table.kind} <> 'personal'`),
  ],
);

/** One row per reminder and scheduled instant: the claim that makes each fire happen once. */
export const reminderFires = pgTable(
  'reminder_fires',
  {
    reminderId: bigint('reminder_id', { mode: 'number' })
      .notNull()
      .references(() => reminders.id, { onDelete: 'cascade' }),
    fireAt: timestamp('fire_at', { withTimezone: true }).notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    claimedBy: text('claimed_by').notNull(),
    /**
     * When its post was last sent to Discord: a fire unsettled after a crash was maybe posted, and past
     * Discord's memory of nonces the bot looks before posting again.
     */
    postingAt: timestamp('posting_at', { withTimezone: true }),
    /** The message Discord made, kept as soon as the post returns (or found after a crash). */
    messageId: text('message_id'),
    /** `unknown`: posted or not, the bot could not find out (it may not read where it posted). */
    outcome: text('outcome', { enum: ['sent', 'skipped', 'missed', 'failed', 'unknown'] }),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.reminderId, table.fireAt] }),
    index('reminder_fires_unsettled_idx')
      .on(table.claimedAt)
      .where(sql`${table.outcome} is null`),
  ],
);

/**
 * Each weekly board a server was given, by the week it covers: whatever its zone or schedule does, a
 * server-week is posted at most once. The fire that holds the row is the one that may post it.
 */
export const boardWeeks = pgTable(
  'board_weeks',
  {
    guildId: snowflake('guild_id').notNull(),
    /** The Monday of the covered week, in the server's zone when it was posted. */
    weekStart: date('week_start', { mode: 'string' }).notNull(),
    reminderId: bigint('reminder_id', { mode: 'number' }).notNull(),
    fireAt: timestamp('fire_at', { withTimezone: true }).notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.guildId, table.weekStart] })],
);

/** A named role only one process holds at a time, such as sending scheduled messages. */
export const leases = pgTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** Each start-up's gateway login, so restarts can back off before spending Discord's daily login budget. */
export const gatewayLogins = pgTable(
  'gateway_logins',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** The process's shards, such as "0,1/4". */
    shardKey: text('shard_key').notNull(),
    /** IDENTIFYs the start-up spent: one per shard. */
    shards: integer('shards').notNull(),
    loggedInAt: timestamp('logged_in_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('gateway_logins_at_idx').on(table.loggedInAt)],
);

/**
 * Roll-ups of exercise_logs, kept in step with every log, undo and hold credit: one row per member and
 * day, week (starting Monday) and calendar month, each in the member's own days. Boards read a few
 * thousand of these instead of aggregating months of raw logs.
 */
export const activityDays = pgTable(
  'activity_days',
  {
    guildId: snowflake('guild_id').notNull(),
    localDay: date('local_day', { mode: 'string' }).notNull(),
    userId: snowflake('user_id').notNull(),
    points: doublePrecision('points').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.guildId, table.localDay, table.userId] }),
    // One member's days, for rebuilding their week and month without reading the whole server's.
    index('activity_days_member_idx').on(table.guildId, table.userId, table.localDay),
  ],
);

export const activityWeeks = pgTable(
  'activity_weeks',
  {
    guildId: snowflake('guild_id').notNull(),
    weekStart: date('week_start', { mode: 'string' }).notNull(),
    userId: snowflake('user_id').notNull(),
    activeDays: integer('active_days').notNull(),
    /** Bit i set: active on the i-th day of the week (0 = Monday). */
    dayMask: integer('day_mask').notNull(),
    points: doublePrecision('points').notNull(),
  },
  (table) => [primaryKey({ columns: [table.guildId, table.weekStart, table.userId] })],
);

export const activityMonths = pgTable(
  'activity_months',
  {
    guildId: snowflake('guild_id').notNull(),
    monthStart: date('month_start', { mode: 'string' }).notNull(),
    userId: snowflake('user_id').notNull(),
    activeDays: integer('active_days').notNull(),
    points: doublePrecision('points').notNull(),
  },
  (table) => [primaryKey({ columns: [table.guildId, table.monthStart, table.userId] })],
);

/**
 * Each member's total per exercise and calendar month (reps or seconds, uncapped), kept with the other
 * roll-ups: the all-time board of one exercise sums a few rows per member instead of every log.
 */
export const activityExerciseMonths = pgTable(
  'activity_exercise_months',
  {
    guildId: snowflake('guild_id').notNull(),
    userId: snowflake('user_id').notNull(),
    monthStart: date('month_start', { mode: 'string' }).notNull(),
    exercise: text('exercise').notNull(),
    total: bigint('total', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.guildId, table.userId, table.monthStart, table.exercise] }),
    // One exercise's board, read from the index alone.
    index('activity_exercise_months_board_idx').on(table.guildId, table.exercise, table.userId, table.total),
  ],
);

export type Reminder = typeof reminders.$inferSelect;
export type ReminderFire = typeof reminderFires.$inferSelect;
export type HoldSession = typeof holdSessions.$inferSelect;
export type HoldParticipant = typeof holdParticipants.$inferSelect;
export type ExerciseLog = typeof exerciseLogs.$inferSelect;
export type NewExerciseLog = typeof exerciseLogs.$inferInsert;
export type Server = typeof servers.$inferSelect;
export type Member = typeof members.$inferSelect;
