-- Migrations run in one transaction; rebuilding the roll-ups of a large history takes longer than the
-- bot's statement timeout, which would otherwise cancel it.
SET LOCAL statement_timeout = 0;--> statement-breakpoint
-- Roll-ups rebuilt with each exercise's daily scoring cap (values as the catalog had them at this migration).
DELETE FROM "activity_days";--> statement-breakpoint
DELETE FROM "activity_weeks";--> statement-breakpoint
DELETE FROM "activity_months";--> statement-breakpoint
INSERT INTO "activity_days" ("guild_id", "local_day", "user_id", "points")
SELECT "guild_id", "local_day", "user_id", sum(least("total", case "exercise" when 'pushups' then 120 when 'situps' then 120 when 'squats' then 120 when 'superman' then 360 when 'calf-stretch' then 360 when 'hamstring-stretch' then 360 when 'glute-stretch' then 360 when 'hip-flexor-stretch' then 360 when 'static-back' then 3600 when 'supine-groin' then 7200 when 'walk' then 3600 when 'jog' then 3600 when 'swim' then 3600 when 'cycle' then 3600 else 0 end) * (case "exercise" when 'pushups' then 2 when 'situps' then 1 when 'squats' then 1 when 'superman' then 0.1 when 'calf-stretch' then 0.03333333333333333 when 'hamstring-stretch' then 0.03333333333333333 when 'glute-stretch' then 0.03333333333333333 when 'hip-flexor-stretch' then 0.03333333333333333 when 'static-back' then 0.016666666666666666 when 'supine-groin' then 0.016666666666666666 when 'walk' then 0.016666666666666666 when 'jog' then 0.016666666666666666 when 'swim' then 0.016666666666666666 when 'cycle' then 0.016666666666666666 else 0 end))
FROM (
  SELECT "guild_id", "local_day", "user_id", "exercise", sum("amount") AS "total"
  FROM "exercise_logs" GROUP BY 1, 2, 3, 4
) AS "exercise_days"
GROUP BY 1, 2, 3;--> statement-breakpoint
INSERT INTO "activity_weeks" ("guild_id", "week_start", "user_id", "active_days", "day_mask", "points")
SELECT "guild_id", date_trunc('week', "local_day")::date, "user_id", count(*),
       bit_or(1 << ("local_day" - date_trunc('week', "local_day")::date)), sum("points")
FROM "activity_days" GROUP BY 1, 2, 3;--> statement-breakpoint
INSERT INTO "activity_months" ("guild_id", "month_start", "user_id", "active_days", "points")
SELECT "guild_id", date_trunc('month', "local_day")::date, "user_id", count(*), sum("points")
FROM "activity_days" GROUP BY 1, 2, 3;
