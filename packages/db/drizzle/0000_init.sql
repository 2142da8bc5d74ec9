-- The generations statements are idempotent on purpose: `pnpm db:adopt --apply` converts an existing site's table
-- into this shape first, and this migration then skips it (src/adopt/README.md).
DO $$ BEGIN CREATE TYPE "public"."generation_status" AS ENUM('queued', 'generating', 'success', 'failed', 'expired', 'completed'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
DO $$ BEGIN CREATE TYPE "public"."generation_type" AS ENUM('photo', 'video'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
DO $$ BEGIN CREATE TYPE "public"."kie_family" AS ENUM('market', 'gpt4o', 'flux', 'veo', 'runway'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
DO $$ BEGIN CREATE TYPE "public"."media_status" AS ENUM('none', 'pending', 'ready', 'failed', 'expired'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
CREATE TYPE "public"."webhook_verdict" AS ENUM('accepted', 'duplicate', 'unknown_task', 'bad_signature', 'bad_request');--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "generations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"type" "generation_type" NOT NULL,
	"kie_family" "kie_family" DEFAULT 'market' NOT NULL,
	"model" text NOT NULL,
	"prompt" text NOT NULL,
	"aspect_ratio" text,
	"status" "generation_status" DEFAULT 'queued' NOT NULL,
	"task_id" text,
	"result_urls" text[],
	"cover_url" text,
	"asset_url" text,
	"preview_url" text,
	"thumbnail_url" text,
	"asset_path" text,
	"preview_path" text,
	"thumbnail_path" text,
	"output_paths" text[],
	"asset_mime" text,
	"asset_bytes" bigint,
	"width" integer,
	"height" integer,
	"duration_ms" integer,
	"thumbhash" text,
	"media_status" "media_status" DEFAULT 'none' NOT NULL,
	"media_error" text,
	"media_attempts" integer DEFAULT 0 NOT NULL,
	"media_version" bigint,
	"error_code" text,
	"error_message" text,
	"kie_state" text,
	"sync_attempts" integer DEFAULT 0 NOT NULL,
	"last_synced_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"task_id" text,
	"generation_id" uuid,
	"verdict" "webhook_verdict" NOT NULL,
	"auth_scheme" text,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"body" text NOT NULL,
	"body_bytes" integer NOT NULL,
	"processed_at" timestamp with time zone,
	"process_result" text,
	"replay_of" uuid
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "generations_task_id_key" ON "generations" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "generations_user_library_idx" ON "generations" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "generations_library_idx" ON "generations" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "generations_unfinished_idx" ON "generations" USING btree ("status","updated_at") WHERE "generations"."status" in ('queued', 'generating');--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "generations_missing_asset_idx" ON "generations" USING btree ("created_at") WHERE "generations"."status" in ('success', 'completed') and "generations"."asset_url" is null;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_received_idx" ON "webhook_deliveries" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_task_idx" ON "webhook_deliveries" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_unprocessed_idx" ON "webhook_deliveries" USING btree ("received_at") WHERE "webhook_deliveries"."processed_at" is null and "webhook_deliveries"."verdict" in ('accepted', 'duplicate');