CREATE TABLE "webhook_rejection_counts" (
	"minute" timestamp with time zone NOT NULL,
	"verdict" "webhook_verdict" NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "webhook_rejection_counts_pkey" PRIMARY KEY("minute","verdict")
);
--> statement-breakpoint
CREATE TABLE "webhook_rejection_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"verdict" "webhook_verdict" NOT NULL,
	"reason" text NOT NULL,
	"task_id" text,
	"auth_scheme" text,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"body" text NOT NULL,
	"body_bytes" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "webhook_rejection_samples_verdict_idx" ON "webhook_rejection_samples" USING btree ("verdict","id");