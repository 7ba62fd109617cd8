CREATE TABLE "gateway_logins" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gateway_logins_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"shard_key" text NOT NULL,
	"shards" integer NOT NULL,
	"logged_in_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "gateway_logins_at_idx" ON "gateway_logins" USING btree ("logged_in_at");