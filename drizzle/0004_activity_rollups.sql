CREATE TABLE "activity_days" (
	"guild_id" text NOT NULL,
	"local_day" date NOT NULL,
	"user_id" text NOT NULL,
	"points" double precision NOT NULL,
	CONSTRAINT "activity_days_guild_id_local_day_user_id_pk" PRIMARY KEY("guild_id","local_day","user_id")
);
--> statement-breakpoint
CREATE TABLE "activity_months" (
	"guild_id" text NOT NULL,
	"month_start" date NOT NULL,
	"user_id" text NOT NULL,
	"active_days" integer NOT NULL,
	"points" double precision NOT NULL,
	CONSTRAINT "activity_months_guild_id_month_start_user_id_pk" PRIMARY KEY("guild_id","month_start","user_id")
);
--> statement-breakpoint
CREATE TABLE "activity_weeks" (
	"guild_id" text NOT NULL,
	"week_start" date NOT NULL,
	"user_id" text NOT NULL,
	"active_days" integer NOT NULL,
	"day_mask" integer NOT NULL,
	"points" double precision NOT NULL,
	CONSTRAINT "activity_weeks_guild_id_week_start_user_id_pk" PRIMARY KEY("guild_id","week_start","user_id")
);
--> statement-breakpoint
-- Roll-ups for the logs that existed before them (points as the catalog had them at this migration).
INSERT INTO "activity_days" ("guild_id", "local_day", "user_id", "points")
SELECT "guild_id", "local_day", "user_id", sum("amount" * (case exercise when 'pushups' then 2 when 'situps' then 1 when 'squats' then 1 when 'superman' then 0.1 when 'calf-stretch' then 0.03333333333333333 when 'hamstring-stretch' then 0.03333333333333333 when 'glute-stretch' then 0.03333333333333333 when 'hip-flexor-stretch' then 0.03333333333333333 when 'static-back' then 0.016666666666666666 when 'supine-groin' then 0.016666666666666666 when 'walk' then 0.016666666666666666 when 'jog' then 0.016666666666666666 when 'swim' then 0.016666666666666666 when 'cycle' then 0.016666666666666666 else 0 end))
FROM "exercise_logs" GROUP BY 1, 2, 3;--> statement-breakpoint
INSERT INTO "activity_weeks" ("guild_id", "week_start", "user_id", "active_days", "day_mask", "points")
SELECT "guild_id", date_trunc('week', "local_day")::date, "user_id", count(*),
       bit_or(1 << ("local_day" - date_trunc('week', "local_day")::date)), sum("points")
FROM "activity_days" GROUP BY 1, 2, 3;--> statement-breakpoint
INSERT INTO "activity_months" ("guild_id", "month_start", "user_id", "active_days", "points")
SELECT "guild_id", date_trunc('month', "local_day")::date, "user_id", count(*), sum("points")
FROM "activity_days" GROUP BY 1, 2, 3;
