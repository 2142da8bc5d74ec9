-- Idempotent like every generations migration: an adopted table already has today's columns (src/adopt/).
ALTER TABLE "generations" ADD COLUMN IF NOT EXISTS "placeholder" text;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "generations_placeholder_backfill_idx" ON "generations" USING btree ("id") WHERE "generations"."thumbhash" is not null and "generations"."placeholder" is null;
