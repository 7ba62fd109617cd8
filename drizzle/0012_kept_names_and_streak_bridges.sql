ALTER TABLE "members" ADD COLUMN "streak_bridges" date[] DEFAULT '{}'::date[] NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "display_name" text;