import type { JobWithMetadata } from "pg-boss";

import type { AppServices } from "../app-services";
import { createMetricsHandler } from "../http/metrics-route";
import { errorMessage, getLogger, withLogContext, type LogContext, type Logger } from "../log/logger";
import { getMetrics } from "../metrics/registry";
import { serveMetrics, type MetricsServer } from "../metrics/serve-metrics";
import { feedBulkRun } from "../services/bulk/feed-bulk-run";
import { runBulkItem } from "../services/bulk/run-bulk-item";
import { ingestGeneration } from "../services/ingest-generation";
import { removeStaleIngestTempDirs } from "../services/ingest-temp-dir";
import { runSweep } from "../services/sweep";
import { runKieSyncJob } from "./kie-sync-job";
import type { QueuePayloads } from "./queues";
import { SWEEP_CRON } from "./queues";

export interface WorkerOptions {
  /** Jobs of each kind this process runs at once. */
  concurrency: number;
  /** Where job lines go (default: the process's JSON logger). */
  logger?: Logger;
}

/** `bulk-item-kie` lanes per unit of `concurrency` (see `startWorkers`). */
export const KIE_LANES_PER_CONCURRENCY = 2;

const isFinalAttempt = (job: JobWithMetadata<unknown>) => job.retryCount >= job.retryLimit;

/** The ids a job's payload names, for its log lines (the rest of the payload stays out of the logs). */
function idsOf(data: object): LogContext {
  const ids: LogContext = {};
  if ("taskId" in data && typeof data.taskId === "string") ids.taskId = data.taskId;
  if ("generationId" in data && typeof data.generationId === "string") ids.generationId = data.generationId;
  if ("runId" in data && typeof data.runId === "string") ids.runId = data.runId;
  return ids;
}

/**
 * Subscribe this process to every queue. pg-boss hands each job to exactly one worker across all processes
 * (SKIP LOCKED); a job whose worker dies is retried after its expiry.
 */
export async function startWorkers(services: AppServices, options: WorkerOptions) {
  const { boss } = services.jobs;
  const log = options.logger ?? getLogger();
  const jobFailures = getMetrics().jobFailures;
  const stale = await removeStaleIngestTempDirs();
  if (stale > 0) log.info({ removed: stale }, "removed scratch folders left by killed workers");
  const work = { batchSize: 1, includeMetadata: true as const, pollingIntervalSeconds: 0.5 };

  /**
   * Subscribe a lane that looks for its next job as soon as it finishes one: pg-boss otherwise waits out the rest of
   * its polling interval after every job, so a lane's pace would be set by the interval instead of the work. An idle
   * lane still polls every 0.5 s.
   */
  const lane = async <Name extends keyof QueuePayloads>(name: Name, handle: (job: JobWithMetadata<QueuePayloads[Name]>) => Promise<unknown>) => {
    let laneId: string | undefined;
    // eslint-disable-next-line prefer-const -- the handler can run before work() resolves, so laneId is declared first
    laneId = await boss.work<QueuePayloads[Name], unknown, typeof work>(name, work, async ([job]) => {
      if (!job) return;
      try {
        return await runJob(name, job, handle);
      } finally {
        if (laneId) boss.notifyWorker(laneId);
      }
    });
  };

  /**
   * One job inside its log context: every line it logs names the queue, the job and (once the work has read the row)
   * the task and generation. A throw is logged and counted, then handed back to pg-boss, which retries it or fails it.
   */
  const runJob = <Data extends object>(queue: string, job: JobWithMetadata<Data>, handle: (job: JobWithMetadata<Data>) => Promise<unknown>) =>
    withLogContext({ queue, jobId: job.id, ...idsOf(job.data) }, async () => {
      const attempt = { attempt: job.retryCount + 1, attempts: job.retryLimit + 1 };
      log.info(attempt, "job started");
      try {
        const result = await handle(job);
        log.info({ ...attempt, result }, "job finished");
        return result;
      } catch (error) {
        const final = isFinalAttempt(job);
        jobFailures.inc({ queue, final: String(final) });
        log.warn({ ...attempt, final, err: errorMessage(error) }, final ? "job failed for good" : "job failed; pg-boss retries it");
        throw error;
      }
    });

  for (let i = 0; i < options.concurrency; i++) {
    await lane("kie-sync", (job) => runKieSyncJob(services, job));
    await lane("media-ingest", async (job) => {
      const outcome = await ingestGeneration(services, job.data.generationId, {
        rederive: job.data.rederive,
        finalAttempt: isFinalAttempt(job),
      });
      return { outcome };
    });
  }
  for (let i = 0; i < options.concurrency; i++) {
    await lane("bulk-item", async (job) => ({ outcome: await runBulkItem(services, job.data, isFinalAttempt(job), job.signal) }));
  }
  // Items that ask KIE get twice the lanes: each spends part of its time waiting for its task's sync (paced by the
  // shared KIE limiter) and the rest ingesting, so while some lanes ingest, others keep KIE's rate in use.
  for (let i = 0; i < options.concurrency * KIE_LANES_PER_CONCURRENCY; i++) {
    await lane("bulk-item-kie", async (job) => ({ outcome: await runBulkItem(services, job.data, isFinalAttempt(job), job.signal) }));
  }
  await boss.work<QueuePayloads["bulk-feed"], unknown, typeof work>("bulk-feed", work, async ([job]) =>
    job ? runJob("bulk-feed", job, (j) => feedBulkRun(services, j.data.runId)) : undefined,
  );
  await boss.work<QueuePayloads["maintenance-sweep"], unknown, typeof work>("maintenance-sweep", work, async ([job]) => {
    const result = await runSweep(services);
    if (result.queued > 0 || Object.values(result.deleted).some((n) => n > 0))
      log.info({ queue: "maintenance-sweep", jobId: job?.id, result }, "sweep queued or deleted work");
    return result;
  });
  await boss.schedule("maintenance-sweep", SWEEP_CRON);

  const metricsServer = await startMetricsServer(services, log);
  return {
    /** Where this process serves `/metrics` (null: METRICS_PORT is unset). */
    metricsUrl: metricsServer?.url ?? null,
    async stop() {
      await metricsServer?.close();
      await services.jobs.stop({ graceful: true, timeoutMs: 30_000 });
    },
  };
}

/** This worker process's `/metrics` server, when METRICS_PORT asks for one (loopback by default in embedded mode). */
async function startMetricsServer(services: AppServices, log: Logger): Promise<MetricsServer | null> {
  const { env } = services;
  if (env.METRICS_PORT === undefined) return null;
  const host = env.METRICS_HOST ?? (env.LENSROOM_MODE === "embedded" ? "127.0.0.1" : "0.0.0.0");
  const server = await serveMetrics(
    createMetricsHandler(async () => services),
    { port: env.METRICS_PORT, host },
  );
  log.info({ url: server.url }, "serving metrics");
  return server;
}
