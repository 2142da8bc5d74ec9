import type { Job } from "pg-boss";

import type { AppServices } from "../app-services";
import { waitForTaskIntake } from "../services/store-and-queue-delivery";
import { markDeliveriesProcessed, syncTask, type SyncOutcome } from "../services/sync-task";
import type { QueuePayloads } from "./queues";

/**
 * One `kie-sync` job: the only place a task is synced. It waits for a webhook intake still storing the task's
 * delivery, syncs, and records the outcome on every delivery of the task still waiting for one. The outcome is the
 * job's output, which callers waiting on the job read back (`services/sync-through-job.ts`).
 */
export async function runKieSyncJob(services: AppServices, job: Job<QueuePayloads["kie-sync"]>): Promise<SyncOutcome> {
  await waitForTaskIntake(services.sql, job.data.taskId);
  const result = await syncTask(services, job.data.taskId, { ingestBy: job.data.ingestBy, signal: job.signal });
  // An expiry says why (KIE forgot the task, or it is past KIE's retention): staff read it in the webhook log.
  const summary = result.outcome === "expired" ? `expired (${result.reason})` : result.outcome;
  await markDeliveriesProcessed(services, job.data.taskId, summary);
  return result;
}
