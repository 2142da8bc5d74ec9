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
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({ name, help, labelNames, registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) => new Gauge<L>({ name, help, labelNames, registers });
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
    new Histogram<L>({ name, help, labelNames, buckets, registers });
  return {
    registry,
    webhookDeliveries: counter(
      "lensroom_webhook_deliveries_total",
      "KIE callbacks by verdict: accepted, duplicate, unknown_task (stored and answered), bad_signature (401) or bad_request (400/413/415; both only counted)",
      ["verdict"],
    ),
    ingestDuration: histogram(
      "lensroom_ingest_duration_seconds",
      "Time an ingest attempt took (copy, derive, publish), by generation type and outcome",
      ["type", "outcome"],
      INGEST_BUCKETS,
    ),
    deriveDuration: histogram(
      "lensroom_derive_duration_seconds",
      "Time making the thumbnail, preview and placeholder took, by generation type",
      ["type"],
      DERIVE_BUCKETS,
    ),
    mediaFailures: counter(
      "lensroom_media_failures_total",
      "Ingest and preview failures by reason; final=true when recorded on the row (no retry left or not retryable)",
      ["reason", "final"],
    ),
    jobFailures: counter(
      "lensroom_job_failures_total",
      "Jobs whose handler threw in this process, by queue; final=true on the last attempt (the job fails for good)",
      ["queue", "final"],
    ),
    queueDepth: gauge(
      "lensroom_queue_depth",
      "Jobs waiting in each queue (created or waiting for a retry), as pg-boss last counted them (at most a minute ago)",
      ["queue"],
    ),
    queueActive: gauge("lensroom_queue_active_jobs", "Jobs a worker is running in each queue, as pg-boss last counted them (at most a minute ago)", ["queue"]),
    queueFailed: gauge(
      "lensroom_queue_failed_jobs",
      "Jobs that failed for good and are still in each queue's history (pg-boss keeps them LENSROOM_RETENTION_DAYS), as pg-boss last counted them (at most a minute ago)",
      ["queue"],
    ),
    kieCalls: counter("lensroom_kie_calls_total", "KIE API calls (retries included in one call) by family, operation and outcome", [
      "family",
      "operation",
      "outcome",
    ]),
    kieLimiterWait: histogram(
      "lensroom_kie_limiter_wait_seconds",
      "Time a KIE call waited for a rate limiter, by budget (create, status) and limiter (process, shared)",
      ["kind", "limiter"],
      WAIT_BUCKETS,
    ),
    succeededWithoutAsset: gauge(
      "lensroom_generations_succeeded_without_asset",
      "Shown generations KIE finished (success/completed) that have no copy in our bucket, by type, read at scrape time",
      ["type"],
    ),
    doctorCheckOk: gauge("lensroom_doctor_check_ok", "The doctor's last verdict per check: 1 passing, 0 failing", ["check"]),
    doctorLastRun: gauge("lensroom_doctor_last_run_timestamp_seconds", "When the doctor state above was taken (Unix seconds; 0 before the first run)"),
    collectorUp: gauge(
      "lensroom_scrape_collector_up",
      "Whether a scrape-time reading answered within its deadline (1) or failed or timed out (0; its series are left out)",
      ["collector"],
    ),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { lensroomMetrics?: Metrics };

/** This process's metrics, created once (a Next.js dev reload keeps them, and their counts). */
export function getMetrics(): Metrics {
  globalForMetrics.lensroomMetrics ??= createMetrics();
  return globalForMetrics.lensroomMetrics;
}
