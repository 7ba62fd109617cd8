CREATE TABLE "hold_participants" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hold_participants_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"session_id" bigint NOT NULL,
	"user_id" text NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone,
	"via" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hold_sessions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hold_sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"guild_id" text NOT NULL,
	"origin_channel_id" text NOT NULL,
	"hold_channel_id" text,
	"hold_channel_kind" text,
	"voice_channel_id" text,
	"routine" text NOT NULL,
	"phases" jsonb NOT NULL,
	"started_by" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"live_message_id" text,
	"announced_step" integer DEFAULT -1 NOT NULL,
	"live_edited_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"remove_channel_at" timestamp with time zone,
	"channel_removed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exercise_logs" ADD COLUMN "hold_session_id" bigint;--> statement-breakpoint
ALTER TABLE "servers" ADD COLUMN "hold_category_id" text;--> statement-breakpoint
ALTER TABLE "hold_participants" ADD CONSTRAINT "hold_participants_session_id_hold_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."hold_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hold_participants_present_idx" ON "hold_participants" USING btree ("session_id","user_id") WHERE "hold_participants"."left_at" is null;--> statement-breakpoint
CREATE INDEX "hold_participants_session_idx" ON "hold_participants" USING btree ("session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hold_sessions_one_open_per_channel_idx" ON "hold_sessions" USING btree ("origin_channel_id") WHERE "hold_sessions"."status" = 'open';--> statement-breakpoint
CREATE INDEX "hold_sessions_open_idx" ON "hold_sessions" USING btree ("status","guild_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exercise_logs_hold_credit_idx" ON "exercise_logs" USING btree ("hold_session_id","user_id","exercise") WHERE "exercise_logs"."hold_session_id" is not null;