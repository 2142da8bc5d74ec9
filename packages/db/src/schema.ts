import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, primaryKey, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * What the user asked for. We make photos and videos; `audio` exists only on rows adopted from the old site, which
 * are kept (see `hiddenReason`) but never shown in the library.
 */
export const generationType = pgEnum("generation_type", ["photo", "video", "audio"]);

/**
 * Lifecycle of a generation. `completed` is a legacy spelling written by the old system and means `success`.
 * `expired` means KIE finished but its result links died before we could copy the bytes.
 */
export const generationStatus = pgEnum("generation_status", ["queued", "generating", "success", "failed", "expired", "completed"]);

/** Which KIE API family created the task, so sync knows which status endpoint to ask. */
export const kieFamily = pgEnum("kie_family", ["market", "gpt4o", "flux", "veo", "runway"]);

/** Our copy of the result and its derivatives, tracked apart from the generation's own outcome. */
export const mediaStatus = pgEnum("media_status", ["none", "pending", "ready", "failed", "expired"]);

export const webhookVerdict = pgEnum("webhook_verdict", ["accepted", "duplicate", "unknown_task", "bad_signature", "bad_request"]);

export const bulkRunKind = pgEnum("bulk_run_kind", ["resync_missing", "rebuild_previews", "resync_selected"]);
export const bulkRunStatus = pgEnum("bulk_run_status", ["running", "paused", "cancelled", "done"]);
export const bulkItemState = pgEnum("bulk_item_state", ["pending", "queued", "done", "failed", "cancelled"]);

export const generations = pgTable(
  "generations",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    userId: t.uuid().notNull(),
    type: generationType().notNull(),
    kieFamily: kieFamily().notNull().default("market"),
    model: t.text().notNull(),
    prompt: t.text().notNull(),
    aspectRatio: t.text(),
    status: generationStatus().notNull().default("queued"),
    taskId: t.text(),
    /** KIE's own (expiring) result links, as the status endpoint reported them. */
    resultUrls: t.text().array(),
    /** KIE's cover image link, where the family gives one (Runway). */
    coverUrl: t.text(),
    /** Our bucket copy of the first output, and the derivatives. URLs carry `?v=` so a rebuild is never stale. */
    assetUrl: t.text(),
    previewUrl: t.text(),
    thumbnailUrl: t.text(),
    assetPath: t.text(),
    previewPath: t.text(),
    thumbnailPath: t.text(),
    /** Every output copied to the bucket, in KIE's order (the first is `asset_path`). */
    outputPaths: t.text().array(),
    assetMime: t.text(),
    assetBytes: t.bigint({ mode: "number" }),
    width: t.integer(),
    height: t.integer(),
    durationMs: t.integer(),
    thumbhash: t.text(),
    /** The ThumbHash drawn as a tiny PNG data URL, made once at ingest (or by the sweep's backfill); the tile's placeholder. */
    placeholder: t.text(),
    mediaStatus: mediaStatus().notNull().default("none"),
    mediaError: t.text(),
    mediaAttempts: t.integer().notNull().default(0),
    mediaVersion: t.bigint({ mode: "number" }),
    /** Why the generation itself failed (KIE's fail code and message). Media errors never land here. */
    errorCode: t.text(),
    errorMessage: t.text(),
    kieState: t.text(),
    syncAttempts: t.integer().notNull().default(0),
    /** Reads in a row where KIE answered success without a result URL we could read (bounded, then failed). */
    emptyResultReads: t.integer().notNull().default(0),
    /**
     * Why a row is kept but not shown in the library: `audio` (a type the library does not show) or
     * `duplicate_task` (an adopted row whose KIE task another row holds). NULL: shown.
     */
    hiddenReason: t.text(),
    lastSyncedAt: t.timestamp({ withTimezone: true }),
    completedAt: t.timestamp({ withTimezone: true }),
    createdAt: t.timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: t.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (g) => [
    uniqueIndex("generations_task_id_key").on(g.taskId),
    // Ascending on purpose: a backward scan serves `ORDER BY created_at DESC, id DESC` keyset pages.
    index("generations_user_library_idx").on(g.userId, g.createdAt, g.id),
    index("generations_library_idx").on(g.createdAt, g.id),
    index("generations_unfinished_idx")
      .on(g.status, g.updatedAt)
      .where(sql`${g.status} in ('queued', 'generating')`),
    index("generations_missing_asset_idx")
      .on(g.createdAt)
      .where(sql`${g.status} in ('success', 'completed') and ${g.assetUrl} is null`),
    // The rows the sweep's placeholder backfill still has to draw; empty once it has caught up.
    index("generations_placeholder_backfill_idx")
      .on(g.id)
      .where(sql`${g.thumbhash} is not null and ${g.placeholder} is null`),
  ],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    receivedAt: t.timestamp({ withTimezone: true }).notNull().defaultNow(),
    taskId: t.text(),
    generationId: t.uuid().references(() => generations.id, { onDelete: "set null" }),
    verdict: webhookVerdict().notNull(),
    authScheme: t.text(),
    headers: t.jsonb().$type<Record<string, string>>().notNull().default({}),
    body: t.text().notNull(),
    bodyBytes: t.integer().notNull(),
    processedAt: t.timestamp({ withTimezone: true }),
    processResult: t.text(),
    replayOf: t.uuid(),
  }),
  (d) => [
    index("webhook_deliveries_received_idx").on(d.receivedAt),
    index("webhook_deliveries_task_idx").on(d.taskId),
    index("webhook_deliveries_unprocessed_idx")
      .on(d.receivedAt)
      .where(sql`${d.processedAt} is null and ${d.verdict} in ('accepted', 'duplicate')`),
  ],
);

/**
 * Rejected callbacks (bad signature, bad request) counted per minute and verdict: one row per minute and verdict,
 * however many arrive, so an unauthenticated sender cannot grow storage. `verdict` is only ever a rejected one.
 */
export const webhookRejectionCounts = pgTable(
  "webhook_rejection_counts",
  (t) => ({
    minute: t.timestamp({ withTimezone: true }).notNull(),
    verdict: webhookVerdict().notNull(),
    count: t.bigint({ mode: "number" }).notNull(),
  }),
  (c) => [primaryKey({ name: "webhook_rejection_counts_pkey", columns: [c.minute, c.verdict] })],
);

/**
 * The newest few rejected callbacks per verdict, bodies and headers cut to a bound, so staff can see what is being
 * sent. Older ones are deleted as new ones are stored (see the API's store-rejections); `id` orders them.
 */
export const webhookRejectionSamples = pgTable(
  "webhook_rejection_samples",
  (t) => ({
    id: t.bigserial({ mode: "number" }).primaryKey(),
    receivedAt: t.timestamp({ withTimezone: true }).notNull().defaultNow(),
    verdict: webhookVerdict().notNull(),
    /** What the sender was answered (e.g. "Callback signature missing"). */
    reason: t.text().notNull(),
    taskId: t.text(),
    authScheme: t.text(),
    headers: t.jsonb().$type<Record<string, string>>().notNull().default({}),
    /** The start of the body only. */
    body: t.text().notNull(),
    bodyBytes: t.integer().notNull(),
  }),
  (s) => [index("webhook_rejection_samples_verdict_idx").on(s.verdict, s.id)],
);

/** A staff repair run ("Re-sync missing", "Rebuild all previews", "Re-sync selected") and its items. */
export const bulkRuns = pgTable(
  "bulk_runs",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    kind: bulkRunKind().notNull(),
    status: bulkRunStatus().notNull().default("running"),
    createdBy: t.uuid().notNull(),
    total: t.integer().notNull().default(0),
    createdAt: t.timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: t.timestamp({ withTimezone: true }),
  }),
  (r) => [
    index("bulk_runs_created_idx").on(r.createdAt),
    // One active run of each kind: a second identical run is refused by the database itself.
    uniqueIndex("bulk_runs_one_active_per_kind")
      .on(r.kind)
      .where(sql`${r.status} in ('running', 'paused')`),
  ],
);

export const bulkRunItems = pgTable(
  "bulk_run_items",
  (t) => ({
    runId: t
      .uuid()
      .notNull()
      .references(() => bulkRuns.id, { onDelete: "cascade" }),
    generationId: t
      .uuid()
      .notNull()
      .references(() => generations.id, { onDelete: "cascade" }),
    state: bulkItemState().notNull().default("pending"),
    error: t.text(),
    updatedAt: t.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (i) => [primaryKey({ name: "bulk_run_items_pkey", columns: [i.runId, i.generationId] }), index("bulk_run_items_state_idx").on(i.runId, i.state)],
);

/**
 * Recent calls to KIE per limit bucket (one per API key and kind): a sliding-window log shared by every process,
 * so N workers together stay within KIE's documented per-key rates. `at` is when a call was granted and `done_at`
 * when its reply (or failure) came back: KIE saw it somewhere in between, so a call counts from its grant until a
 * window after `done_at`. Rows are deleted once they no longer count.
 */
export const kieRateLog = pgTable(
  "kie_rate_log",
  (t) => ({
    id: t.bigserial({ mode: "number" }).primaryKey(),
    bucket: t.text().notNull(),
    at: t
      .timestamp({ withTimezone: true, precision: 6 })
      .notNull()
      .default(sql`clock_timestamp()`),
    doneAt: t.timestamp({ withTimezone: true, precision: 6 }),
  }),
  (r) => [index("kie_rate_log_bucket_at_idx").on(r.bucket, r.at)],
);

export type Generation = typeof generations.$inferSelect;
export type NewGeneration = typeof generations.$inferInsert;
export type GenerationStatus = (typeof generationStatus.enumValues)[number];
export type GenerationType = (typeof generationType.enumValues)[number];
export type KieFamilyValue = (typeof kieFamily.enumValues)[number];
export type MediaStatus = (typeof mediaStatus.enumValues)[number];
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookVerdict = (typeof webhookVerdict.enumValues)[number];
export type WebhookRejectionSample = typeof webhookRejectionSamples.$inferSelect;
export type BulkRun = typeof bulkRuns.$inferSelect;
export type BulkRunKind = (typeof bulkRunKind.enumValues)[number];
export type BulkItemState = (typeof bulkItemState.enumValues)[number];
