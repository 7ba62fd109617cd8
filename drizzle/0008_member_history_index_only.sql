DROP INDEX "exercise_logs_member_day_idx";--> statement-breakpoint
CREATE INDEX "exercise_logs_member_day_idx" ON "exercise_logs" USING btree ("guild_id","user_id","local_day","exercise","amount");