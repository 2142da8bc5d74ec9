-- Idempotent on purpose: `pnpm db:adopt --apply` builds the generations table of an adopted site in today's shape,
-- and the migrations that run after it must skip what already exists (src/adopt/README.md).
ALTER TYPE "public"."generation_type" ADD VALUE IF NOT EXISTS 'audio';--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN IF NOT EXISTS "hidden_reason" text;