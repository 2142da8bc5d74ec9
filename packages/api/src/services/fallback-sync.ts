import { generations } from "@lensroom/db";
import { and, asc, eq, isNotNull, isNull, lt, or } from "drizzle-orm";

import type { ServiceDeps } from "./deps";
import { isSuccessCondition, isUnfinishedCondition } from "../rules/generation-status";

const GRACE_MS = 60_000;
const MAX_PER_OPEN = 20;

/**
 * On library open (when NEXT_PUBLIC_KIE_FALLBACK_SYNC=true): queue a sync for the caller's unfinished or
 * asset-less generations older than a short grace period. Bounded, deduplicated by the queue, never awaited by the page.
 */
export async function queueFallbackSync(deps: ServiceDeps, userId: string, now = new Date()) {
  const rows = await deps.db
    .select({ taskId: generations.taskId })
    .from(generations)
    .where(
      and(
        eq(generations.userId, userId),
        isNotNull(generations.taskId),
        lt(generations.updatedAt, new Date(now.getTime() - GRACE_MS)),
        or(isUnfinishedCondition, and(isSuccessCondition, isNull(generations.assetUrl))),
      ),
    )
    .orderBy(asc(generations.updatedAt))
    .limit(MAX_PER_OPEN);
  let queued = 0;
  for (const { taskId } of rows) {
    if (taskId && (await deps.jobs.send("kie-sync", { taskId, reason: "fallback" }))) queued++;
  }
  return { candidates: rows.length, queued };
}
