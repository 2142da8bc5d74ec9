import type { Database } from "@lensroom/db";

import type { ServiceDeps } from "./deps";

type Sql = Database["$client"];

/** Rows one delete statement removes at most: short statements, short locks. */
export const RETENTION_BATCH = 1_000;
/** Delete statements per table per sweep at most; what is left goes in the next sweep (a minute later). */
export const RETENTION_BATCHES_PER_SWEEP = 10;

export interface RetentionResult {
  deliveries: number;
  bulkRunItems: number;
  bulkRuns: number;
  rejectionCounts: number;
  rejectionSamples: number;
}

/** Run `deleteBatch` (which deletes at most RETENTION_BATCH rows) until a batch comes back short or the cap is hit. */
async function deleteInBatches(deleteBatch: () => Promise<number>): Promise<number> {
  let deleted = 0;
  for (let batch = 0; batch < RETENTION_BATCHES_PER_SWEEP; batch++) {
    const n = await deleteBatch();
    deleted += n;
    if (n < RETENTION_BATCH) break;
  }
  return deleted;
}

/**
 * Delete what is older than LENSROOM_RETENTION_DAYS, in bounded batches: webhook deliveries, the items of finished
 * (done or cancelled) bulk runs and then those runs once empty, and the counts and samples of rejected callbacks.
 * Running and paused runs are never touched. pg-boss's job history is pg-boss's own (its `deleteAfterDays`).
 */
export async function applyRetention(deps: Pick<ServiceDeps, "db" | "env">, now = new Date()): Promise<RetentionResult> {
  const sql: Sql = deps.db.$client;
  const cutoff = new Date(now.getTime() - deps.env.LENSROOM_RETENTION_DAYS * 24 * 3600 * 1000).toISOString();
  const finishedRuns = () => sql`status in ('done', 'cancelled') and coalesce(finished_at, created_at) < ${cutoff}::timestamptz`;

  const deliveries = await deleteInBatches(async () => {
    const result = await sql`
      delete from webhook_deliveries where id in (
        select id from webhook_deliveries where received_at < ${cutoff}::timestamptz order by received_at limit ${RETENTION_BATCH})`;
    return result.count;
  });
  // A run being changed right now (a staff retry puts it back to running) is locked: skip it this time.
  const bulkRunItems = await deleteInBatches(async () => {
    const result = await sql`
      with old_run as (
        select id from bulk_runs where ${finishedRuns()} order by created_at limit 100 for update skip locked
      )
      delete from bulk_run_items where (run_id, generation_id) in (
        select i.run_id, i.generation_id from bulk_run_items i join old_run r on r.id = i.run_id limit ${RETENTION_BATCH})`;
    return result.count;
  });
  const bulkRuns = await deleteInBatches(async () => {
    const result = await sql`
      delete from bulk_runs where id in (
        select r.id from bulk_runs r
        where ${finishedRuns()} and not exists (select 1 from bulk_run_items i where i.run_id = r.id)
        order by r.created_at limit ${RETENTION_BATCH} for update skip locked)`;
    return result.count;
  });
  const rejectionCounts = await deleteInBatches(async () => {
    const result = await sql`
      delete from webhook_rejection_counts where (minute, verdict) in (
        select minute, verdict from webhook_rejection_counts where minute < ${cutoff}::timestamptz order by minute limit ${RETENTION_BATCH})`;
    return result.count;
  });
  const rejectionSamples = await deleteInBatches(async () => {
    const result = await sql`
      delete from webhook_rejection_samples where id in (
        select id from webhook_rejection_samples where received_at < ${cutoff}::timestamptz order by id limit ${RETENTION_BATCH})`;
    return result.count;
  });
  return { deliveries, bulkRunItems, bulkRuns, rejectionCounts, rejectionSamples };
}
