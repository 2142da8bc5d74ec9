import { bulkRunItems, bulkRuns, generations } from "@lensroom/db";
import { and, eq } from "drizzle-orm";

import { generationLogger } from "../../log/logger";
import type { JobQueue } from "../../jobs/job-queue";
import type { ServiceDeps } from "../deps";
import { UPSTREAM_EXPIRY_MESSAGES } from "../expire-upstream";
import { ingestGeneration, type IngestOutcome } from "../ingest-generation";
import type { SyncOutcome } from "../sync-task";
import { syncAndWait } from "../sync-through-job";
import { finishRunIfDone } from "./feed-bulk-run";

const OK_INGEST: IngestOutcome[] = ["ingested", "already_done"];

/** What staff read for a task KIE has not finished: it may not even show the task yet. */
export function pendingReason(state: Extract<SyncOutcome, { outcome: "pending" }>["state"]): string {
  return state === "not_visible_yet" ? "KIE does not show this task yet" : "KIE is still generating this task";
}

/** What a bulk item needs: the services, and the job queue itself to wait on the task's sync. */
type BulkItemDeps = ServiceDeps & { jobs: Pick<JobQueue, "send" | "boss"> };

/**
 * How long an item waits for its task's sync job: longer than the job's own expiry, since the job may first wait
 * for KIE's rate limit behind the rest of the run. A sync still running then fails this attempt, which pg-boss retries.
 */
const BULK_SYNC_WAIT_MS = 150_000;

async function repair(deps: BulkItemDeps, kind: string, generationId: string, finalAttempt: boolean, signal?: AbortSignal): Promise<string | null> {
  const [row] = await deps.db
    .select({ taskId: generations.taskId, assetPath: generations.assetPath })
    .from(generations)
    .where(eq(generations.id, generationId));
  if (!row) return "The generation no longer exists";
  generationLogger({ taskId: row.taskId, id: generationId }); // the job's lines from here on name the task too
  if (kind === "rebuild_previews") {
    const outcome = await ingestGeneration(deps, generationId, { rederive: true, finalAttempt });
    return OK_INGEST.includes(outcome) ? null : `Rebuild ended as ${outcome}`;
  }
  // A row whose file is in the bucket already is healed from there: KIE has nothing to add.
  if (row.taskId && !row.assetPath) {
    const synced = await syncAndWait(deps.jobs, { taskId: row.taskId, reason: "bulk", ingestBy: "caller" }, { timeoutMs: BULK_SYNC_WAIT_MS, signal });
    if (synced.outcome === "still_running") throw new Error("The task's sync did not finish in time");
    if (synced.outcome === "sync_failed") throw new Error(`KIE could not be asked: ${synced.message}`);
    if (synced.outcome === "pending") return pendingReason(synced.state);
    if (synced.outcome === "failed") return `KIE reports a failure: ${synced.failMessage ?? "no reason given"}`;
    if (synced.outcome === "expired") return UPSTREAM_EXPIRY_MESSAGES[synced.reason];
    // `ingest_queued`: the item joined a sync that queued the copy itself; ingesting here too converges on one result.
    if (synced.outcome === "unknown_task") return `Sync ended as ${synced.outcome}`;
  }
  const outcome = await ingestGeneration(deps, generationId, { finalAttempt });
  if (OK_INGEST.includes(outcome)) return null;
  const [after] = await deps.db.select({ mediaError: generations.mediaError }).from(generations).where(eq(generations.id, generationId));
  return after?.mediaError ?? `Ingest ended as ${outcome}`;
}

/** Repair one item of a bulk run and count it as done or failed (with the reason staff will see). */
export async function runBulkItem(deps: BulkItemDeps, input: { runId: string; generationId: string }, finalAttempt: boolean, signal?: AbortSignal) {
  const [run] = await deps.db.select({ kind: bulkRuns.kind, status: bulkRuns.status }).from(bulkRuns).where(eq(bulkRuns.id, input.runId));
  const item = and(eq(bulkRunItems.runId, input.runId), eq(bulkRunItems.generationId, input.generationId));
  if (!run || run.status === "cancelled") {
    await deps.db.update(bulkRunItems).set({ state: "cancelled", updatedAt: new Date() }).where(item);
    return "cancelled";
  }
  let failure: string | null;
  try {
    failure = await repair(deps, run.kind, input.generationId, finalAttempt, signal);
  } catch (error) {
    if (!finalAttempt) throw error;
    failure = error instanceof Error ? error.message : String(error);
  }
  await deps.db
    .update(bulkRunItems)
    .set({ state: failure ? "failed" : "done", error: failure, updatedAt: new Date() })
    .where(item);
  await finishRunIfDone(deps, input.runId);
  return failure ? "failed" : "done";
}
