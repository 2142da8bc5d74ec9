import { generations, webhookDeliveries } from "@lensroom/db";
import { isKieApiError, KIE_RESULT_RETENTION_MS, type KieTaskStatus } from "@lensroom/kie";
import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";

import { generationLogger } from "../log/logger";
import type { ServiceDeps } from "./deps";
import { expireUpstream, RECORD_VISIBILITY_GRACE_MS, type UpstreamExpiryCode } from "./expire-upstream";
import { EMPTY_SUCCESS_READS, GAVE_UP_CODE, gaveUpMessage, NO_RESULT_CODE, NO_RESULT_MESSAGE, shouldGiveUp } from "./give-up";
import { isUnfinishedCondition } from "../rules/generation-status";
import { resyncCanHelpCondition } from "../rules/resync-can-help";

/**
 * What a sync did. It is the `kie-sync` job's output, which callers waiting on the job read back from pg-boss, so it
 * is a schema: what they read is checked, not assumed.
 */
export const syncOutcomeSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("unknown_task") }),
  z.object({ outcome: z.literal("pending"), state: z.enum(["queued", "generating", "not_visible_yet"]) }),
  z.object({ outcome: z.literal("failed"), failMessage: z.string().nullable() }),
  /** KIE no longer has the task's result and we have no copy: the row ended `expired` with this code. */
  z.object({
    outcome: z.literal("expired"),
    reason: z.enum(["kie_task_unknown", "kie_retention", "kie_result_expired"]) satisfies z.ZodType<UpstreamExpiryCode>,
  }),
  z.object({ outcome: z.literal("ingest_queued") }),
  /** The sync left the ingest to its caller (`ingestBy: "caller"`). */
  z.object({ outcome: z.literal("needs_ingest"), generationId: z.string() }),
  z.object({ outcome: z.literal("up_to_date") }),
]);
export type SyncOutcome = z.infer<typeof syncOutcomeSchema>;

export interface SyncTaskOptions {
  forceIngest?: boolean;
  /** "caller": do not queue the ingest, answer `needs_ingest` (a bulk run ingests and counts the result itself). */
  ingestBy?: "queue" | "caller";
  /** Ends waits for KIE's rate limit and the call itself (the job's own signal: pg-boss aborts it on expiry or stop). */
  signal?: AbortSignal;
}

/**
 * Ask KIE for a task's status and apply it with forward-only, conditional updates; queue an ingest on success.
 * A row without our copy ends `expired` when KIE can no longer have its result: older than KIE's retention (then
 * KIE is not asked), or a task KIE still does not know past the visibility grace (`expire-upstream.ts`).
 * Only the `kie-sync` job runs it: every other part of the system queues that job (`sync-through-job.ts`).
 */
export async function syncTask(deps: ServiceDeps, taskId: string, options: SyncTaskOptions = {}): Promise<SyncOutcome> {
  const [row] = await deps.db
    .select({
      id: generations.id,
      status: generations.status,
      family: generations.kieFamily,
      createdAt: generations.createdAt,
      syncAttempts: generations.syncAttempts,
      emptyResultReads: generations.emptyResultReads,
      assetPath: generations.assetPath,
      thumbnailPath: generations.thumbnailPath,
      mediaStatus: generations.mediaStatus,
    })
    .from(generations)
    .where(eq(generations.taskId, taskId));
  if (!row) return { outcome: "unknown_task" };
  generationLogger({ taskId, id: row.id }); // the job's lines from here on name the generation too

  const age = Date.now() - row.createdAt.getTime();
  // Past KIE's retention there is nothing left to copy: end it without spending a call of KIE's rate on it.
  if (!row.assetPath && age > KIE_RESULT_RETENTION_MS) {
    return (await expireUpstream(deps, row.id, "kie_retention", false)) ? { outcome: "expired", reason: "kie_retention" } : { outcome: "up_to_date" };
  }

  const bookkeeping = { lastSyncedAt: new Date(), syncAttempts: sql`${generations.syncAttempts} + 1`, updatedAt: new Date() };
  /** End an unfinished row as failed with our own reason (KIE's answer alone would keep it polled). */
  const failUnfinished = async (errorCode: string, errorMessage: string): Promise<SyncOutcome> => {
    const ended = await deps.db
      .update(generations)
      .set({ ...bookkeeping, status: "failed", errorCode, errorMessage, resultUrls: null, completedAt: new Date() })
      .where(and(eq(generations.id, row.id), isUnfinishedCondition))
      .returning({ id: generations.id });
    return ended.length > 0 ? { outcome: "failed", failMessage: errorMessage } : { outcome: "up_to_date" };
  };
  let status: KieTaskStatus;
  try {
    status = await deps.kie.getTaskStatus(row.family, taskId, { signal: options.signal });
  } catch (error) {
    if (isKieApiError(error) && error.recordMissing) {
      // A task KIE does not know yet is normal for seconds after creation; past the grace it is gone for good.
      const gone = !row.assetPath && age > RECORD_VISIBILITY_GRACE_MS;
      if (gone && (await expireUpstream(deps, row.id, "kie_task_unknown", true))) return { outcome: "expired", reason: "kie_task_unknown" };
      await deps.db.update(generations).set(bookkeeping).where(eq(generations.id, row.id));
      // Our own copy is the result (KIE forgetting the task changes nothing about it), and a reported end stays.
      return gone || row.assetPath ? { outcome: "up_to_date" } : { outcome: "pending", state: "not_visible_yet" };
    }
    // KIE failing to answer at all for twice a task's bound (and as often) gives up too: nothing polls forever.
    if (!row.assetPath && (row.status === "queued" || row.status === "generating") && shouldGiveUp(row, 2)) {
      return failUnfinished(GAVE_UP_CODE, gaveUpMessage(row));
    }
    throw error;
  }

  if (status.state === "queued" || status.state === "generating") {
    // A task KIE never finishes stops being asked about: past its family's bound it ends failed, with the reason.
    if (!row.assetPath && shouldGiveUp(row)) return failUnfinished(GAVE_UP_CODE, gaveUpMessage(row));
    await deps.db
      .update(generations)
      .set({ ...bookkeeping, status: "generating", kieState: status.state })
      .where(and(eq(generations.id, row.id), isUnfinishedCondition));
    return { outcome: "pending", state: status.state };
  }

  if (status.state === "failed") {
    await deps.db
      .update(generations)
      .set({
        ...bookkeeping,
        status: "failed",
        kieState: "fail",
        errorCode: status.failCode ?? "kie_failed",
        errorMessage: status.failMessage ?? "KIE reported that the generation failed",
        completedAt: status.completedAt ?? new Date(),
      })
      .where(and(eq(generations.id, row.id), isUnfinishedCondition));
    return { outcome: "failed", failMessage: status.failMessage };
  }

  // KIE says its result is gone (Runway's expireFlag): without our copy there is nothing left to fetch.
  if (status.state === "expired") {
    if (row.assetPath) return { outcome: "up_to_date" };
    return (await expireUpstream(deps, row.id, "kie_result_expired", true)) ? { outcome: "expired", reason: "kie_result_expired" } : { outcome: "up_to_date" };
  }

  // Success means media: a success with no URL we can read is read again (a bound), then failed with the reason.
  if (status.resultUrls.length === 0 && !row.assetPath) {
    if (row.emptyResultReads + 1 >= EMPTY_SUCCESS_READS) return failUnfinished(NO_RESULT_CODE, NO_RESULT_MESSAGE);
    await deps.db
      .update(generations)
      .set({ ...bookkeeping, status: "generating", kieState: "success_without_result", emptyResultReads: sql`${generations.emptyResultReads} + 1` })
      .where(and(eq(generations.id, row.id), isUnfinishedCondition));
    await deps.jobs.send("kie-sync", { taskId, reason: "sweep" }, { startAfter: 10 * (row.emptyResultReads + 1) });
    return { outcome: "pending", state: "generating" };
  }

  const updated = await deps.db
    .update(generations)
    .set({
      ...bookkeeping,
      emptyResultReads: 0,
      kieState: "success",
      resultUrls: status.resultUrls,
      coverUrl: status.coverUrl,
      completedAt: status.completedAt ?? new Date(),
      mediaStatus: sql`case when ${generations.mediaStatus} = 'ready' then 'ready'::media_status else 'pending'::media_status end`,
    })
    // A KIE failure must not overwrite our own media error, and nothing overwrites a KIE-reported failure.
    .where(and(eq(generations.id, row.id), resyncCanHelpCondition))
    .returning({ id: generations.id });
  if (updated.length === 0) return { outcome: "up_to_date" };

  const needsIngest = options.forceIngest || !row.assetPath || !row.thumbnailPath || row.mediaStatus !== "ready";
  if (!needsIngest) return { outcome: "up_to_date" };
  if (options.ingestBy === "caller") return { outcome: "needs_ingest", generationId: row.id };
  await deps.jobs.send("media-ingest", { generationId: row.id, rederive: options.forceIngest });
  return { outcome: "ingest_queued" };
}

/** Record what a sync did on every stored delivery for the task that was still waiting for one. */
export async function markDeliveriesProcessed(deps: Pick<ServiceDeps, "db">, taskId: string, result: string) {
  await deps.db
    .update(webhookDeliveries)
    .set({ processedAt: new Date(), processResult: result.slice(0, 500) })
    .where(and(eq(webhookDeliveries.taskId, taskId), isNull(webhookDeliveries.processedAt)));
}
