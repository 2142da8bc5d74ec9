import { generations } from "@lensroom/db";
import { KIE_RESULT_RETENTION_DAYS } from "@lensroom/kie";
import { and, eq, isNull, sql } from "drizzle-orm";

import type { ServiceDeps } from "./deps";
import { resyncCanHelpCondition } from "../rules/resync-can-help";

/**
 * How long a task KIE answers "recordInfo is null" for is taken as not visible yet. KIE makes a new task visible
 * within seconds; one it still does not know this long after we created the row is gone, not late.
 */
export const RECORD_VISIBILITY_GRACE_MS = 10 * 60_000;

/** Why a generation ended expired upstream: KIE forgot the task, or it is older than KIE keeps results. */
export type UpstreamExpiryCode = "kie_task_unknown" | "kie_retention" | "kie_result_expired";

export const UPSTREAM_EXPIRY_MESSAGES: Record<UpstreamExpiryCode, string> = {
  kie_task_unknown: `KIE no longer knows this task (it keeps results for ${KIE_RESULT_RETENTION_DAYS} days)`,
  kie_retention: `KIE keeps results for ${KIE_RESULT_RETENTION_DAYS} days; this generation is older and was never copied to our storage`,
  kie_result_expired: "KIE reports that this result has expired, and it was never copied to our storage",
};

/**
 * End a generation as expired upstream, with the code that says why. Only a row without our own copy changes
 * (a row with `asset_path` is healed from the bucket, never by KIE), and never a failure or expiry KIE or the old
 * site reported. Returns whether the row changed.
 */
export async function expireUpstream(deps: Pick<ServiceDeps, "db">, generationId: string, code: UpstreamExpiryCode, asked: boolean): Promise<boolean> {
  const now = new Date();
  const expired = await deps.db
    .update(generations)
    .set({
      // Only a call that reached KIE counts as a sync attempt; the retention rule decides without one.
      ...(asked ? { lastSyncedAt: now, syncAttempts: sql`${generations.syncAttempts} + 1` } : {}),
      status: "expired",
      errorCode: code,
      // Links KIE can no longer serve are not kept as if they were a result.
      resultUrls: null,
      errorMessage: UPSTREAM_EXPIRY_MESSAGES[code],
      completedAt: sql`coalesce(${generations.completedAt}, now())`,
      // A copy still waiting has nothing left to copy; left pending, the sweep would keep picking the row up.
      mediaStatus: sql`case when ${generations.mediaStatus} = 'pending' then 'expired'::media_status else ${generations.mediaStatus} end`,
      updatedAt: now,
    })
    .where(and(eq(generations.id, generationId), isNull(generations.assetPath), resyncCanHelpCondition))
    .returning({ id: generations.id });
  return expired.length > 0;
}
