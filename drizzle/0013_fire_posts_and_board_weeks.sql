CREATE TABLE "board_weeks" (
	"guild_id" text NOT NULL,
	"week_start" date NOT NULL,
	"reminder_id" bigint NOT NULL,
	"fire_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "board_weeks_guild_id_week_start_pk" PRIMARY KEY("guild_id","week_start")
);
--> statement-breakpoint
ALTER TABLE "reminder_fires" ADD COLUMN "posting_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reminder_fires" ADD COLUMN "message_id" text;--> statement-breakpoint
-- Boards posted before this migration keep their server-week, so a zone change right after it can't post one again.
INSERT INTO "board_weeks" ("guild_id", "week_start", "reminder_id", "fire_at", "claimed_at")
SELECT DISTINCT ON (r."guild_id", w."week_start") r."guild_id", w."week_start", f."reminder_id", f."fire_at", f."claimed_at"
FROM "reminder_fires" f
JOIN "reminders" r ON r."id" = f."reminder_id",
LATERAL (SELECT date_trunc('week', ((f."fire_at" AT TIME ZONE r."time_zone")::date - 1)::timestamp)::date AS "week_start") w
WHERE r."kind" = 'leaderboard' AND f."outcome" = 'sent'
ORDER BY r."guild_id", w."week_start", f."fire_at"
ON CONFLICT DO NOTHING;
