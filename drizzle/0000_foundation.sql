CREATE TABLE "exercise_logs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "exercise_logs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"exercise" text NOT NULL,
	"amount" integer NOT NULL,
	"logged_at" timestamp with time zone NOT NULL,
	"local_day" date NOT NULL,
	"source" text DEFAULT 'command' NOT NULL,
	"note" text,
	CONSTRAINT "exercise_logs_amount_positive" CHECK ("exercise_logs"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "members" (
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"time_zone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_guild_id_user_id_pk" PRIMARY KEY("guild_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "servers" (
	"guild_id" text PRIMARY KEY NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "exercise_logs_member_day_idx" ON "exercise_logs" USING btree ("guild_id","user_id","local_day");--> statement-breakpoint
CREATE INDEX "exercise_logs_member_id_idx" ON "exercise_logs" USING btree ("guild_id","user_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "exercise_logs_guild_day_idx" ON "exercise_logs" USING btree ("guild_id","local_day");