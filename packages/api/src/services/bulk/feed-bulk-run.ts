import { bulkRunItems, bulkRuns } from "@lensroom/db";
import { and, eq, inArray, sql } from "drizzle-orm";

import type { ServiceDeps } from "../deps";

/** Items released per feed; with FEED_INTERVAL_SECONDS this keeps a run at ≤ 10 KIE status reads per second. */
export const FEED_SLICE = 20;
export const FEED_INTERVAL_SECONDS = 2;

/**
 * Release the next slice of a running run into `bulk-item`, then schedule the next feed. The feeder is a singleton
 * per run, so a run's pace is bounded across any number of worker processes. Pausing or cancelling stops feeding.
 */
export async function feedBulkRun(deps: ServiceDeps, runId: string) {
  const [run] = await deps.db.select({ status: bulkRuns.status }).from(bulkRuns).where(eq(bulkRuns.id, runId));
  if (!run || run.status !== "running") return { released: 0, finished: false };

  const released = await deps.db.execute<{ generation_id: string }>(sql`
    update ${bulkRunItems} set state = 'queued', updated_at = now()
    where (run_id, generation_id) in (
      select run_id, generation_id from ${bulkRunItems}
      where run_id = ${runId} and state = 'pending'
      order by generation_id limit ${FEED_SLICE} for update skip locked)
    returning generation_id`);
  for (const item of released) await deps.jobs.send("bulk-item", { runId, generationId: item.generation_id });

  const finished = await finishRunIfDone(deps, runId);
  if (!finished && released.length > 0) {
    await deps.jobs.send("bulk-feed", { runId }, { startAfter: FEED_INTERVAL_SECONDS });
  }
  return { released: released.length, finished };
}

/** A run is done when no item is pending or in flight. */
export async function finishRunIfDone(deps: Pick<ServiceDeps, "db">, runId: string) {
  const open = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(bulkRunItems)
    .where(and(eq(bulkRunItems.runId, runId), inArray(bulkRunItems.state, ["pending", "queued"])));
  if ((open[0]?.n ?? 0) > 0) return false;
  await deps.db
    .update(bulkRuns)
    .set({ status: "done", finishedAt: new Date() })
    .where(and(eq(bulkRuns.id, runId), eq(bulkRuns.status, "running")));
  return true;
}
