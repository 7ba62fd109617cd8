ALTER TABLE "members" ADD COLUMN "hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "servers" ADD COLUMN "removed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "hold_participants_user_idx" ON "hold_participants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "servers_removed_idx" ON "servers" USING btree ("removed_at") WHERE "servers"."removed_at" is not null;