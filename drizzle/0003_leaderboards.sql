ALTER TABLE "members" ADD COLUMN "streak_run" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "streak_last_day" date;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "best_streak" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "best_streak_day" date;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "left_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "servers" ADD COLUMN "leaderboard_channel_id" text;--> statement-breakpoint
ALTER TABLE "servers" ADD COLUMN "leaderboard_day" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "servers" ADD COLUMN "leaderboard_time" text DEFAULT '09:00' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "reminders_one_board_per_server_idx" ON "reminders" USING btree ("guild_id") WHERE "reminders"."kind" = 'leaderboard';