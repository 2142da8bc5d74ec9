import { bulkRunItems, bulkRuns, generations, webhookDeliveries } from "@lensroom/db";
import { and, asc, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";

import { applyRetention } from "./apply-retention";
import { backfillPlaceholders } from "./backfill-placeholders";
import type { ServiceDeps } from "./deps";
import { isSuccessCondition, isUnfinishedCondition } from "../rules/generation-status";

const BATCH = 500;

/**
 * Heal what callbacks missed: generations stuck in queued/generating (re-synced with growing gaps), successful
 * ones without an asset (legacy `completed` too), and stored deliveries whose job was never queued. Successful rows
 * whose file is already in the bucket but have no previews (an adopted row, an ingest whose worker died) are
 * ingested straight from the bucket: KIE has nothing to tell about them; so are adopted rows with only a provider's
 * links and no KIE task. Rows ingested before placeholders were stored get theirs (a batch per sweep, see
 * `backfillPlaceholders`). Then history past its retention is deleted (see `applyRetention`).
 */
export async function runSweep(deps: ServiceDeps, now = new Date()) {
  const stuckBefore = new Date(now.getTime() - deps.env.LENSROOM_STUCK_AFTER_SECONDS * 1000);
  // Back off per task: 30 s × 2^attempts, at most 15 minutes between syncs of the same task.
  const dueForSync = or(
    isNull(generations.lastSyncedAt),
    sql`${generations.lastSyncedAt} < ${now.toISOString()}::timestamptz - least(interval '15 minutes', interval '30 seconds' * power(2, least(${generations.syncAttempts}, 10)))`,
  );
  // The same spacing per generation for ingests, counted by the attempts the ingest records.
  const dueForIngest = or(
    sql`${generations.mediaAttempts} = 0`,
    sql`${generations.updatedAt} < ${now.toISOString()}::timestamptz - least(interval '15 minutes', interval '30 seconds' * power(2, least(${generations.mediaAttempts}, 10)))`,
  );
  // A running staff repair already has the row in hand: a sweep job would do its work twice (and a KIE sync would
  // halve the run's pace, which is KIE's).
  const notInRunningBulkRun = sql`not exists (
    select 1 from ${bulkRunItems} join ${bulkRuns} on ${bulkRuns.id} = ${bulkRunItems.runId}
    where ${bulkRunItems.generationId} = ${generations.id} and ${bulkRunItems.state} in ('pending', 'queued')
      and ${bulkRuns.status} = 'running')`;
  const stuck = await deps.db
    .select({ taskId: generations.taskId })
    .from(generations)
    .where(
      and(
        isNotNull(generations.taskId),
        // A row whose file is in the bucket needs no KIE (the ingest branch below heals it); a hidden one (adopted
        // audio, a duplicate of another row's task) needs nothing.
        isNull(generations.assetPath),
        isNull(generations.hiddenReason),
        or(
          and(isUnfinishedCondition, lt(generations.updatedAt, stuckBefore)),
          and(isSuccessCondition, isNull(generations.assetUrl)),
          and(inArray(generations.mediaStatus, ["pending"]), lt(generations.updatedAt, stuckBefore)),
        ),
        dueForSync,
        notInRunningBulkRun,
      ),
    )
    .orderBy(asc(generations.updatedAt))
    .limit(BATCH);

  const unhealed = await deps.db
    .select({ id: generations.id })
    .from(generations)
    .where(
      and(
        // In the bucket already, or (an adopted row of another provider) only links and no KIE task to ask.
        or(isNotNull(generations.assetPath), and(isNull(generations.taskId), isNull(generations.assetUrl), sql`cardinality(${generations.resultUrls}) > 0`)),
        isSuccessCondition,
        inArray(generations.mediaStatus, ["pending", "none"]),
        isNull(generations.thumbnailPath),
        isNull(generations.hiddenReason),
        dueForIngest,
        notInRunningBulkRun,
      ),
    )
    .orderBy(asc(generations.updatedAt))
    .limit(BATCH);

  const orphanDeliveries = await deps.db
    .select({ id: webhookDeliveries.id, taskId: webhookDeliveries.taskId })
    .from(webhookDeliveries)
    .where(
      and(
        isNull(webhookDeliveries.processedAt),
        inArray(webhookDeliveries.verdict, ["accepted"]),
        lt(webhookDeliveries.receivedAt, new Date(now.getTime() - 60_000)),
      ),
    )
    .limit(BATCH);

  let queued = 0;
  for (const { taskId } of stuck) {
    if (taskId && (await deps.jobs.send("kie-sync", { taskId, reason: "sweep" }))) queued++;
  }
  for (const { id } of unhealed) {
    if (await deps.jobs.send("media-ingest", { generationId: id })) queued++;
  }
  for (const delivery of orphanDeliveries) {
    if (delivery.taskId && (await deps.jobs.send("kie-sync", { taskId: delivery.taskId, reason: "sweep", deliveryId: delivery.id }))) queued++;
  }
  const placeholders = await backfillPlaceholders(deps);
  const deleted = await applyRetention(deps, now);
  return { stuck: stuck.length, unhealed: unhealed.length, orphanDeliveries: orphanDeliveries.length, queued, placeholders, deleted };
}
