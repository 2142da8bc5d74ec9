import type PgBoss from "pg-boss";

import type { AppServices } from "../app-services";
import { feedBulkRun } from "../services/bulk/feed-bulk-run";
import { runBulkItem } from "../services/bulk/run-bulk-item";
import { ingestGeneration } from "../services/ingest-generation";
import { removeStaleIngestTempDirs } from "../services/ingest-temp-dir";
import { runSweep } from "../services/sweep";
import { markDeliveriesProcessed, syncTask } from "../services/sync-task";
import type { QueuePayloads } from "./queues";
import { SWEEP_CRON } from "./queues";

export interface WorkerOptions {
  /** Jobs of each kind this process runs at once. */
  concurrency: number;
  log?: (line: string) => void;
}

/** `bulk-item-kie` lanes per unit of `concurrency` (see `startWorkers`). */
export const KIE_LANES_PER_CONCURRENCY = 2;

const isFinalAttempt = (job: PgBoss.JobWithMetadata<unknown>) => job.retryCount >= job.retryLimit;

/**
 * Subscribe this process to every queue. pg-boss hands each job to exactly one worker across all processes
 * (SKIP LOCKED); a job whose worker dies is retried after its expiry.
 */
export async function startWorkers(services: AppServices, options: WorkerOptions) {
  const { boss } = services.jobs;
  const log = options.log ?? (() => undefined);
  const stale = await removeStaleIngestTempDirs();
  if (stale > 0) log(`removed ${stale} scratch folder(s) left by killed workers`);
  const work = { batchSize: 1, includeMetadata: true as const, pollingIntervalSeconds: 0.5 };

  /**
   * Subscribe a lane that looks for its next job as soon as it finishes one. pg-boss otherwise waits out the rest of
   * its polling interval after every job, which capped a lane at 2 jobs/s whatever the CPU (photo ingest: 4/s per
   * process). An idle lane still polls every 0.5 s.
   */
  const lane = async <Name extends keyof QueuePayloads>(name: Name, handle: (job: PgBoss.JobWithMetadata<QueuePayloads[Name]>) => Promise<unknown>) => {
    let laneId: string | undefined;
    laneId = await boss.work<QueuePayloads[Name]>(name, work, async ([job]) => {
      if (!job) return;
      try {
        return await handle(job);
      } finally {
        if (laneId) boss.notifyWorker(laneId);
      }
    });
  };

  for (let i = 0; i < options.concurrency; i++) {
    await lane("kie-sync", async (job) => {
      const result = await syncTask(services, job.data.taskId);
      // An expiry says why (KIE forgot the task, or it is past KIE's retention): staff read it in the webhook log.
      const summary = result.outcome === "expired" ? `expired (${result.reason})` : result.outcome;
      await markDeliveriesProcessed(services, job.data.taskId, summary);
      log(`kie-sync ${job.data.taskId} (${job.data.reason}): ${summary}`);
      return result;
    });
    await lane("media-ingest", async (job) => {
      log(`media-ingest ${job.data.generationId}: started (attempt ${job.retryCount + 1} of ${job.retryLimit + 1})`);
      const outcome = await ingestGeneration(services, job.data.generationId, {
        rederive: job.data.rederive,
        finalAttempt: isFinalAttempt(job),
      });
      log(`media-ingest ${job.data.generationId}: ${outcome}`);
      return { outcome };
    });
  }
  for (let i = 0; i < options.concurrency; i++) {
    await lane("bulk-item", async (job) => ({ outcome: await runBulkItem(services, job.data, isFinalAttempt(job)) }));
  }
  // Items that ask KIE get twice the lanes: each spends part of its time waiting for the shared KIE limiter and the
  // rest ingesting, and with only `concurrency` lanes, all of them ingesting on a busy machine left KIE's rate unused.
  for (let i = 0; i < options.concurrency * KIE_LANES_PER_CONCURRENCY; i++) {
    await lane("bulk-item-kie", async (job) => ({ outcome: await runBulkItem(services, job.data, isFinalAttempt(job)) }));
  }
  await boss.work<QueuePayloads["bulk-feed"]>("bulk-feed", work, async ([job]) => (job ? feedBulkRun(services, job.data.runId) : undefined));
  await boss.work("maintenance-sweep", work, async () => {
    const result = await runSweep(services);
    if (result.queued > 0 || Object.values(result.deleted).some((n) => n > 0)) log(`sweep: ${JSON.stringify(result)}`);
    return result;
  });
  await boss.schedule("maintenance-sweep", SWEEP_CRON);

  return {
    async stop() {
      await services.jobs.stop({ graceful: true, timeoutMs: 30_000 });
    },
  };
}
