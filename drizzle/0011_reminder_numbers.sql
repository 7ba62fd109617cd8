-- Reminders are numbered for members from 1: per member for personal reminders, per server for schedules
-- and the weekly board. Existing ones are numbered in the order they were made.
ALTER TABLE "reminders" ADD COLUMN "number" integer;--> statement-breakpoint
UPDATE "reminders" SET "number" = numbered."number"
FROM (
  SELECT "id", row_number() OVER (
    PARTITION BY "guild_id", "kind", CASE WHEN "kind" = 'personal' THEN "owner_id" END
    ORDER BY "id"
  ) AS "number"
  FROM "reminders"
) AS numbered
WHERE "reminders"."id" = numbered."id";--> statement-breakpoint
ALTER TABLE "reminders" ALTER COLUMN "number" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "reminders_personal_number_idx" ON "reminders" USING btree ("guild_id","owner_id","number") WHERE "reminders"."kind" = 'personal';--> statement-breakpoint
CREATE UNIQUE INDEX "reminders_server_number_idx" ON "reminders" USING btree ("guild_id","kind","number") WHERE "reminders"."kind" <> 'personal';
