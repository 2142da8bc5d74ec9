CREATE TYPE "public"."bulk_item_state" AS ENUM('pending', 'queued', 'done', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."bulk_run_kind" AS ENUM('resync_missing', 'rebuild_previews', 'resync_selected');--> statement-breakpoint
CREATE TYPE "public"."bulk_run_status" AS ENUM('running', 'paused', 'cancelled', 'done');--> statement-breakpoint
CREATE TABLE "bulk_run_items" (
	"run_id" uuid NOT NULL,
	"generation_id" uuid NOT NULL,
	"state" "bulk_item_state" DEFAULT 'pending' NOT NULL,
	"error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bulk_run_items_pkey" PRIMARY KEY("run_id","generation_id")
);
--> statement-breakpoint
CREATE TABLE "bulk_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "bulk_run_kind" NOT NULL,
	"status" "bulk_run_status" DEFAULT 'running' NOT NULL,
	"created_by" uuid NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "bulk_run_items" ADD CONSTRAINT "bulk_run_items_run_id_bulk_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."bulk_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_run_items" ADD CONSTRAINT "bulk_run_items_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bulk_run_items_state_idx" ON "bulk_run_items" USING btree ("run_id","state");--> statement-breakpoint
CREATE INDEX "bulk_runs_created_idx" ON "bulk_runs" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "bulk_runs_one_active_per_kind" ON "bulk_runs" USING btree ("kind") WHERE "bulk_runs"."status" in ('running', 'paused');