import { bulkRunItems, bulkRuns } from "@lensroom/db";
import { and, eq, inArray } from "drizzle-orm";

import type { ServiceDeps } from "../deps";
import { BulkRunNotFoundError } from "./bulk-errors";

async function setStatus(deps: ServiceDeps, runId: string, from: ("running" | "paused" | "done")[], to: "running" | "paused" | "cancelled") {
  const updated = await deps.db
    .update(bulkRuns)
    .set({ status: to, finishedAt: to === "cancelled" ? new Date() : null })
    .where(and(eq(bulkRuns.id, runId), inArray(bulkRuns.status, from)))
    .returning({ id: bulkRuns.id });
  if (updated.length === 0) throw new BulkRunNotFoundError("No such run in a state that allows this");
}

/** Stop feeding; items already in flight finish. */
export const pauseBulkRun = (deps: ServiceDeps, runId: string) => setStatus(deps, runId, ["running"], "paused");

export async function resumeBulkRun(deps: ServiceDeps, runId: string) {
  await setStatus(deps, runId, ["paused"], "running");
  await deps.jobs.send("bulk-feed", { runId });
}

/** Cancel: pending items are dropped; a new run of the kind may start. */
export async function cancelBulkRun(deps: ServiceDeps, runId: string) {
  await setStatus(deps, runId, ["running", "paused"], "cancelled");
  await deps.db
    .update(bulkRunItems)
    .set({ state: "cancelled", updatedAt: new Date() })
    .where(and(eq(bulkRunItems.runId, runId), eq(bulkRunItems.state, "pending")));
}

/** Put a run's failed items back in line and run it again. */
export async function retryFailedBulkItems(deps: ServiceDeps, runId: string) {
  const retried = await deps.db
    .update(bulkRunItems)
    .set({ state: "pending", error: null, updatedAt: new Date() })
    .where(and(eq(bulkRunItems.runId, runId), eq(bulkRunItems.state, "failed")))
    .returning({ id: bulkRunItems.generationId });
  if (retried.length === 0) return 0;
  await setStatus(deps, runId, ["done", "paused", "running"], "running");
  await deps.jobs.send("bulk-feed", { runId });
  return retried.length;
}
