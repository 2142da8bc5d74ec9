import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Seconds; ingest spans a small photo (well under a second) to a long video copied over a slow link. */
const INGEST_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
const DERIVE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Seconds a KIE call waited for a limiter; most wait nothing, a busy status budget a second or two. */
const WAIT_BUCKETS = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Every metric this system exports, registered on one registry (plus Node's process metrics). */
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    webhookDeliveries: new Counter({
      name: "lensroom_webhook_deliveries_total",
      help: "KIE callbacks by verdict: accepted, duplicate, unknown_task (stored and answered), bad_signature (401) or bad_request (400/413/415; both only counted)",
      labelNames: ["verdict"] as const,
      registers,
    }),
    ingestDuration: new Histogram({
      name: "lensroom_ingest_duration_seconds",
      help: "Time an ingest attempt took (copy, derive, publish), by generation type and outcome",
      labelNames: ["type", "outcome"] as const,
      buckets: INGEST_BUCKETS,
      registers,
    }),
    deriveDuration: new Histogram({
      name: "lensroom_derive_duration_seconds",
      help: "Time making the thumbnail, preview and placeholder took, by generation type",
      labelNames: ["type"] as const,
      buckets: DERIVE_BUCKETS,
      registers,
    }),
    mediaFailures: new Counter({
      name: "lensroom_media_failures_total",
      help: "Ingest and preview failures by reason; final=true when recorded on the row (no retry left or not retryable)",
      labelNames: ["reason", "final"] as const,
      registers,
    }),
    jobFailures: new Counter({
      name: "lensroom_job_failures_total",
      help: "Jobs whose handler threw in this process, by queue; final=true on the last attempt (the job fails for good)",
      labelNames: ["queue", "final"] as const,
      registers,
    }),
    queueDepth: new Gauge({
      name: "lensroom_queue_depth",
      help: "Jobs waiting in each queue (created or waiting for a retry), as pg-boss last counted them (at most a minute ago)",
      labelNames: ["queue"] as const,
      registers,
    }),
    queueActive: new Gauge({
      name: "lensroom_queue_active_jobs",
      help: "Jobs a worker is running in each queue, as pg-boss last counted them (at most a minute ago)",
      labelNames: ["queue"] as const,
      registers,
    }),
    queueFailed: new Gauge({
      name: "lensroom_queue_failed_jobs",
      help: "Jobs that failed for good and are still in each queue's history (pg-boss keeps them LENSROOM_RETENTION_DAYS), as pg-boss last counted them (at most a minute ago)",
      labelNames: ["queue"] as const,
      registers,
    }),
    kieCalls: new Counter({
      name: "lensroom_kie_calls_total",
      help: "KIE API calls (retries included in one call) by family, operation and outcome",
      labelNames: ["family", "operation", "outcome"] as const,
      registers,
    }),
    kieLimiterWait: new Histogram({
      name: "lensroom_kie_limiter_wait_seconds",
      help: "Time a KIE call waited for a rate limiter, by budget (create, status) and limiter (process, shared)",
      labelNames: ["kind", "limiter"] as const,
      buckets: WAIT_BUCKETS,
      registers,
    }),
    succeededWithoutAsset: new Gauge({
      name: "lensroom_generations_succeeded_without_asset",
      help: "Shown generations KIE finished (success/completed) that have no copy in our bucket, by type, read at scrape time",
      labelNames: ["type"] as const,
      registers,
    }),
    doctorCheckOk: new Gauge({
      name: "lensroom_doctor_check_ok",
      help: "The doctor's last verdict per check: 1 passing, 0 failing",
      labelNames: ["check"] as const,
      registers,
    }),
    doctorLastRun: new Gauge({
      name: "lensroom_doctor_last_run_timestamp_seconds",
      help: "When the doctor state above was taken (Unix seconds; 0 before the first run)",
      registers,
    }),
    collectorUp: new Gauge({
      name: "lensroom_scrape_collector_up",
      help: "Whether a scrape-time reading answered within its deadline (1) or failed or timed out (0; its series are left out)",
      labelNames: ["collector"] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { lensroomMetrics?: Metrics };

/** This process's metrics, created once (a Next.js dev reload keeps them, and their counts). */
export function getMetrics(): Metrics {
  globalForMetrics.lensroomMetrics ??= createMetrics();
  return globalForMetrics.lensroomMetrics;
}
