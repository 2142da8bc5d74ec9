import { bulkRunItems, bulkRuns, generations } from "@lensroom/db";
import { and, eq } from "drizzle-orm";

import { generationLogger } from "../../log/logger";
import type { ServiceDeps } from "../deps";
import { UPSTREAM_EXPIRY_MESSAGES } from "../expire-upstream";
import { ingestGeneration, type IngestOutcome } from "../ingest-generation";
import { syncTask, type SyncOutcome } from "../sync-task";
import { finishRunIfDone } from "./feed-bulk-run";

const OK_INGEST: IngestOutcome[] = ["ingested", "already_done"];

/** What staff read for a task KIE has not finished: it may not even show the task yet. */
export function pendingReason(state: Extract<SyncOutcome, { outcome: "pending" }>["state"]): string {
  if (state === "not_visible_yet") return "KIE does not show this task yet";
  if (state === "queued" || state === "generating") return "KIE is still generating this task";
  return `KIE reports this task as ${state}`;
}

async function repair(deps: ServiceDeps, kind: string, generationId: string, finalAttempt: boolean): Promise<string | null> {
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
    const synced = await syncTask(deps, row.taskId, { ingest: "inline" });
    if (synced.outcome === "pending") return pendingReason(synced.state);
    if (synced.outcome === "failed") return `KIE reports a failure: ${synced.failMessage ?? "no reason given"}`;
    if (synced.outcome === "expired") return UPSTREAM_EXPIRY_MESSAGES[synced.reason];
    if (synced.outcome !== "needs_ingest" && synced.outcome !== "up_to_date") return `Sync ended as ${synced.outcome}`;
  }
  const outcome = await ingestGeneration(deps, generationId, { finalAttempt });
  if (OK_INGEST.includes(outcome)) return null;
  const [after] = await deps.db.select({ mediaError: generations.mediaError }).from(generations).where(eq(generations.id, generationId));
  return after?.mediaError ?? `Ingest ended as ${outcome}`;
}

/** Repair one item of a bulk run and count it as done or failed (with the reason staff will see). */
export async function runBulkItem(deps: ServiceDeps, input: { runId: string; generationId: string }, finalAttempt: boolean) {
  const [run] = await deps.db.select({ kind: bulkRuns.kind, status: bulkRuns.status }).from(bulkRuns).where(eq(bulkRuns.id, input.runId));
  const item = and(eq(bulkRunItems.runId, input.runId), eq(bulkRunItems.generationId, input.generationId));
  if (!run || run.status === "cancelled") {
    await deps.db.update(bulkRunItems).set({ state: "cancelled", updatedAt: new Date() }).where(item);
    return "cancelled";
  }
  let failure: string | null;
  try {
    failure = await repair(deps, run.kind, input.generationId, finalAttempt);
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
