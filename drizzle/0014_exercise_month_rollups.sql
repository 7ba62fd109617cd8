CREATE TABLE "activity_exercise_months" (
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"month_start" date NOT NULL,
	"exercise" text NOT NULL,
	"total" bigint NOT NULL,
	CONSTRAINT "activity_exercise_months_guild_id_user_id_month_start_exercise_pk" PRIMARY KEY("guild_id","user_id","month_start","exercise")
);
--> statement-breakpoint
CREATE INDEX "activity_exercise_months_board_idx" ON "activity_exercise_months" USING btree ("guild_id","exercise","user_id","total");--> statement-breakpoint
-- Each exercise's months for the logs that existed before this roll-up.
INSERT INTO "activity_exercise_months" ("guild_id", "user_id", "month_start", "exercise", "total")
SELECT "guild_id", "user_id", date_trunc('month', "local_day")::date, "exercise", sum("amount")
FROM "exercise_logs" GROUP BY 1, 2, 3, 4;
