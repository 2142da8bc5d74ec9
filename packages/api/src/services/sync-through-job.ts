import { awaitJob } from "../jobs/await-job";
import type { JobQueue } from "../jobs/job-queue";
import type { QueuePayloads } from "../jobs/queues";
import { syncOutcomeSchema, type SyncOutcome } from "./sync-task";

type SyncJobs = Pick<JobQueue, "send" | "boss">;
type SyncRequest = QueuePayloads["kie-sync"];

/** How long a person's request (sync endpoint, admin re-sync) waits for the sync: under the library client's 30 s timeout. */
export const INTERACTIVE_SYNC_WAIT_MS = 20_000;

/** How many times a request retries when the task's waiting job starts between sending and looking it up. */
const JOIN_ATTEMPTS = 3;

/**
 * Queue the sync of one task: the one way any part of the system asks KIE about a task (webhook, sweep, fallback,
 * sync endpoint, admin, bulk runs). The queue keeps at most one job waiting per task, so a request that finds one
 * joins it. Resolves with the id of the job that will sync the task, or null when none could be queued.
 */
async function queueSync(jobs: SyncJobs, request: SyncRequest): Promise<string | null> {
  for (let attempt = 0; attempt < JOIN_ATTEMPTS; attempt++) {
    const id = await jobs.send("kie-sync", request);
    if (id) return id;
    // The send collided with the task's `created` job; a `retry` job beside it (stately keeps one per state) holds an
    // earlier attempt's failure, which is not the answer to this request.
    const queued = await jobs.boss.findJobs("kie-sync", { key: request.taskId, queued: true });
    const waiting = queued.find((job) => job.state === "created");
    if (waiting) return waiting.id;
  }
  return null;
}

export type SyncResult =
  | SyncOutcome
  /** The job is still waiting or running when the caller's bound ran out: it finishes on its own. */
  | { outcome: "still_running"; jobId: string }
  /** The attempt threw (KIE unreachable, a database error): `retrying` when pg-boss tries again later. */
  | { outcome: "sync_failed"; message: string; retrying: boolean };

/**
 * Queue the task's sync and wait for that job's outcome, at most `timeoutMs`: for callers that answer with the
 * result (the sync endpoint, admin's re-sync, a bulk run's item). The work runs in a worker like every other sync,
 * so the delivery bookkeeping and KIE's shared rate limit apply the same way.
 */
export async function syncAndWait(jobs: SyncJobs, request: SyncRequest, options: { timeoutMs: number; signal?: AbortSignal }): Promise<SyncResult> {
  const jobId = await queueSync(jobs, request);
  if (!jobId) return { outcome: "sync_failed", message: "the sync could not be queued", retrying: false };
  const ended = await awaitJob(jobs.boss, "kie-sync", jobId, options);
  switch (ended.state) {
    case "completed": {
      const outcome = syncOutcomeSchema.safeParse(ended.output);
      return outcome.success ? outcome.data : { outcome: "sync_failed", message: "the sync job answered something unexpected", retrying: false };
    }
    case "retry":
    case "failed":
      return { outcome: "sync_failed", message: ended.message, retrying: ended.state === "retry" };
    case "cancelled":
    case "gone":
      return { outcome: "sync_failed", message: `the sync job was ${ended.state === "gone" ? "removed" : "cancelled"}`, retrying: false };
    case "unfinished":
      return { outcome: "still_running", jobId };
  }
}
