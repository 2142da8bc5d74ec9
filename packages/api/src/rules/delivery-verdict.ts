import type { Generation } from "@lensroom/db";

type DeliveryVerdict = "unknown_task" | "duplicate" | "accepted";

/**
 * The verdict an authenticated callback gets from the state of its generation (`undefined`: no row has the task):
 * a generation KIE failed, or whose media is published after it finished generating, is settled and a callback for
 * it is a duplicate; anything else is accepted and synced.
 */
export function deliveryVerdict(row: Pick<Generation, "status" | "mediaStatus"> | undefined): DeliveryVerdict {
  if (!row) return "unknown_task";
  return row.status === "failed" || (row.mediaStatus === "ready" && row.status !== "generating") ? "duplicate" : "accepted";
}

/**
 * `deliveryVerdict` as a SQL expression over a `generations` row aliased `alias` (left-joined on the task id, so a
 * missing row is an unknown task). The one statement that stores and queues deliveries and the single-row store
 * (replays, and the fallback when that statement fails) both use it, so they cannot disagree;
 * test/rules-sql-twins.test.ts checks it against `deliveryVerdict`.
 */
export function deliveryVerdictSql(alias: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`not a SQL alias: ${alias}`);
  return `(case when ${alias}.id is null then 'unknown_task'
    when ${alias}.status = 'failed' or (${alias}.media_status = 'ready' and ${alias}.status <> 'generating') then 'duplicate'
    else 'accepted' end)::webhook_verdict`;
}
