import { generations, webhookDeliveries, webhookRejectionCounts, type WebhookVerdict } from "@lensroom/db";
import { and, count, desc, gt, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";

import type { JobQueue } from "../../jobs/job-queue";
import { isSuccessCondition, isUnfinishedCondition, normalizedStatusSql } from "../../rules/generation-status";
import type { ServiceDeps } from "../deps";

/** Error codes whose stored message is our own words: the code alone says why. */
const OWN_MESSAGE_CODES = [
  "kie_task_unknown",
  "kie_retention",
  "kie_result_expired",
  "kie_gave_up",
  "kie_no_result",
  "legacy_status",
  "legacy_no_copy",
  "legacy_duplicate_task",
];

function sumByVerdict(rows: ReadonlyArray<{ verdict: WebhookVerdict; count: number }>) {
  const sums = new Map<WebhookVerdict, number>();
  for (const row of rows) sums.set(row.verdict, (sums.get(row.verdict) ?? 0) + row.count);
  return [...sums].map(([verdict, count]) => ({ verdict, count }));
}

/**
 * Jobs per queue and state through pg-boss's `getQueues` (the counts its monitor keeps, at most a minute old):
 * waiting (created or retry), running, failed for good, and the rest of the kept history (completed or cancelled).
 */
async function readQueueStates(boss: Pick<PgBoss, "getQueues">) {
  const queues = (await boss.getQueues()).toSorted((a, b) => a.name.localeCompare(b.name));
  return queues.flatMap((q) => {
    const finished = Math.max(0, q.totalCount - q.queuedCount - q.activeCount - q.failedCount);
    const states = { queued: q.queuedCount, active: q.activeCount, failed: q.failedCount, completed: finished };
    return Object.entries(states)
      .filter(([, count]) => count > 0)
      .map(([state, count]) => ({ name: q.name, state, count }));
  });
}

/** Everything the health page shows, each count answering one "is something broken?" question. */
export async function healthReport(deps: Pick<ServiceDeps, "db" | "env"> & { jobs: Pick<JobQueue, "boss"> }, now = new Date()) {
  const stuckBefore = new Date(now.getTime() - deps.env.LENSROOM_STUCK_AFTER_SECONDS * 1000);
  const dayAgo = new Date(now.getTime() - 24 * 3600 * 1000);

  const [byStatus, [missing], [stuck], failedReasons, [expired], deliveries, rejections, queues] = await Promise.all([
    deps.db
      .select({ status: normalizedStatusSql, type: generations.type, count: count() })
      .from(generations)
      .groupBy(sql`1`, generations.type),
    deps.db
      .select({ count: count() })
      .from(generations)
      .where(and(isSuccessCondition, isNull(generations.assetUrl), isNotNull(generations.taskId))),
    deps.db
      .select({ count: count() })
      .from(generations)
      .where(and(isUnfinishedCondition, lt(generations.updatedAt, stuckBefore))),
    // Ended rows by code, so staff see how many each rule ended (gave up, no result, expired upstream, the old
    // site's ends); a code whose message is our own groups as one row, KIE's and the old site's words by message.
    deps.db
      .select({
        code: generations.errorCode,
        reason: sql<string | null>`case when ${generations.errorCode} in (${sql.join(
          OWN_MESSAGE_CODES.map((c) => sql`${c}`),
          sql`, `,
        )}) then null
          else coalesce(${generations.errorMessage}, ${generations.mediaError}, 'no reason recorded') end`,
        count: count(),
      })
      .from(generations)
      .where(inArray(generations.status, ["failed", "expired"]))
      .groupBy(sql`1`, sql`2`)
      .orderBy(desc(count()))
      .limit(12),
    deps.db
      .select({ count: count() })
      .from(generations)
      .where(inArray(generations.status, ["expired"])),
    deps.db
      .select({ verdict: webhookDeliveries.verdict, count: count() })
      .from(webhookDeliveries)
      .where(gt(webhookDeliveries.receivedAt, dayAgo))
      .groupBy(webhookDeliveries.verdict),
    // Rejected callbacks are counted per minute instead of stored.
    deps.db
      .select({ verdict: webhookRejectionCounts.verdict, count: sql<number>`sum(${webhookRejectionCounts.count})::bigint`.mapWith(Number) })
      .from(webhookRejectionCounts)
      .where(gt(webhookRejectionCounts.minute, dayAgo))
      .groupBy(webhookRejectionCounts.verdict),
    readQueueStates(deps.jobs.boss),
  ]);

  return {
    byStatus,
    succeededWithoutAsset: missing?.count ?? 0,
    stuck: stuck?.count ?? 0,
    stuckAfterSeconds: deps.env.LENSROOM_STUCK_AFTER_SECONDS,
    failedReasons,
    expired: expired?.count ?? 0,
    webhooksLast24h: sumByVerdict([...deliveries, ...rejections]),
    queues,
  };
}
