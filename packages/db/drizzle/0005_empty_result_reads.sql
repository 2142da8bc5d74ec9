-- Idempotent like every generations migration: an adopted table already has today's columns (src/adopt/).
ALTER TABLE "generations" ADD COLUMN IF NOT EXISTS "empty_result_reads" integer DEFAULT 0 NOT NULL;
