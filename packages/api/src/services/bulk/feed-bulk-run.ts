import { bulkRunItems, bulkRuns, generations } from "@lensroom/db";
import { and, eq, inArray, sql } from "drizzle-orm";

import type { ServiceDeps } from "../deps";

export const FEED_INTERVAL_SECONDS = 2;
/**
 * Items that ask KIE for a task's status are kept this many deep in their queue (`bulk-item-kie`): 4 s of KIE's
 * 10 reads/s, so lanes never wait for the feeder and a pause takes effect within seconds. Their pace is set by the
 * shared KIE limiter, which every process's reads go through (`services/shared-kie-limiter.ts`).
 */
export const FEED_KIE_QUEUE_DEPTH = 40;
/**
 * Items that need no KIE call (rows without a task id, whose result URLs are copied as they are; every item of a
 * preview rebuild) are kept this many deep in theirs (`bulk-item`): the workers set their pace, and they never wait
 * behind items waiting for KIE.
 */
export const FEED_QUEUE_DEPTH = 100;

/**
 * Release the next items of a running run into their queues, then schedule the next feed. The feeder is a singleton
 * per run, so a run's pace is bounded across any number of worker processes. Pausing or cancelling stops feeding.
 */
export async function feedBulkRun(deps: ServiceDeps, runId: string) {
  const [run] = await deps.db.select({ status: bulkRuns.status, kind: bulkRuns.kind }).from(bulkRuns).where(eq(bulkRuns.id, runId));
  if (!run || run.status !== "running") return { released: 0, finished: false };

  const asksKie = run.kind === "rebuild_previews" ? sql`false` : sql`coalesce(g.task_id is not null and g.asset_path is null, false)`;
  const queuedAsking = (asking: boolean) => sql`(
    select count(*) from ${bulkRunItems} i left join ${generations} g on g.id = i.generation_id
    where i.run_id = ${runId} and i.state = 'queued' and ${asksKie} = ${asking})`;
  const released = await deps.db.execute<{ generation_id: string; asks_kie: boolean }>(sql`
    with asking_kie as (
      select i.generation_id from ${bulkRunItems} i left join ${generations} g on g.id = i.generation_id
      where i.run_id = ${runId} and i.state = 'pending' and ${asksKie}
      order by i.generation_id limit greatest(0, ${FEED_KIE_QUEUE_DEPTH} - ${queuedAsking(true)})
      for update of i skip locked
    ), not_asking_kie as (
      select i.generation_id from ${bulkRunItems} i left join ${generations} g on g.id = i.generation_id
      where i.run_id = ${runId} and i.state = 'pending' and not ${asksKie}
      order by i.generation_id limit greatest(0, ${FEED_QUEUE_DEPTH} - ${queuedAsking(false)})
      for update of i skip locked
    ), picked as (
      select generation_id, true as asks_kie from asking_kie union all select generation_id, false from not_asking_kie
    )
    update ${bulkRunItems} set state = 'queued', updated_at = now()
    from picked where ${bulkRunItems.runId} = ${runId} and ${bulkRunItems.generationId} = picked.generation_id
    returning picked.generation_id, picked.asks_kie`);
  for (const item of released) {
    await deps.jobs.send(item.asks_kie ? "bulk-item-kie" : "bulk-item", { runId, generationId: item.generation_id });
  }

  // Fed again while anything is pending, even when the queues were full this time; otherwise the run may be done
  // now, or the last item to finish closes it.
  const [waiting] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(bulkRunItems)
    .where(and(eq(bulkRunItems.runId, runId), eq(bulkRunItems.state, "pending")));
  if ((waiting?.n ?? 0) > 0) {
    await deps.jobs.send("bulk-feed", { runId }, { startAfter: FEED_INTERVAL_SECONDS });
    return { released: released.length, finished: false };
  }
  return { released: released.length, finished: await finishRunIfDone(deps, runId) };
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
