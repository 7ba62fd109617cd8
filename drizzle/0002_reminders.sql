CREATE TABLE "leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_fires" (
	"reminder_id" bigint NOT NULL,
	"fire_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"claimed_by" text NOT NULL,
	"outcome" text,
	"settled_at" timestamp with time zone,
	CONSTRAINT "reminder_fires_reminder_id_fire_at_pk" PRIMARY KEY("reminder_id","fire_at")
);
--> statement-breakpoint
CREATE TABLE "reminders" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reminders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"guild_id" text NOT NULL,
	"owner_id" text NOT NULL,
	"kind" text NOT NULL,
	"channel_id" text NOT NULL,
	"cron" text NOT NULL,
	"time_zone" text NOT NULL,
	"schedule_words" text NOT NULL,
	"message" text NOT NULL,
	"only_if_not_logged" boolean DEFAULT false NOT NULL,
	"open_hold_routine" text,
	"next_fire_at" timestamp with time zone NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"disabled_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reminder_fires" ADD CONSTRAINT "reminder_fires_reminder_id_reminders_id_fk" FOREIGN KEY ("reminder_id") REFERENCES "public"."reminders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reminder_fires_unsettled_idx" ON "reminder_fires" USING btree ("claimed_at") WHERE "reminder_fires"."outcome" is null;--> statement-breakpoint
CREATE INDEX "reminders_due_idx" ON "reminders" USING btree ("next_fire_at") WHERE "reminders"."enabled";--> statement-breakpoint
CREATE INDEX "reminders_owner_idx" ON "reminders" USING btree ("guild_id","owner_id");