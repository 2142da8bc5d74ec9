CREATE TABLE "kie_rate_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bucket" text NOT NULL,
	"at" timestamp (6) with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "kie_rate_log_bucket_at_idx" ON "kie_rate_log" USING btree ("bucket","at");