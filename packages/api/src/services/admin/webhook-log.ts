import { webhookDeliveries, type WebhookVerdict } from "@lensroom/db";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";

import type { ServiceDeps } from "../deps";
import { recordDelivery } from "../record-delivery";

const receivedMs = sql`date_trunc('milliseconds', ${webhookDeliveries.receivedAt})`;

/** Stored deliveries, newest first, keyset-paged on (received_at, id). */
export async function listWebhookDeliveries(
  deps: Pick<ServiceDeps, "db">,
  filter: { verdict?: WebhookVerdict; taskId?: string; before?: { receivedAt: Date; id: string } | null; limit: number },
) {
  const conditions: SQL[] = [];
  if (filter.verdict) conditions.push(eq(webhookDeliveries.verdict, filter.verdict));
  if (filter.taskId) conditions.push(eq(webhookDeliveries.taskId, filter.taskId));
  if (filter.before) {
    // Keyset on (received_at to the millisecond, as the cursor's Date carries it; id): deliveries sharing a
    // timestamp at a page edge are neither skipped nor repeated.
    conditions.push(sql`(${receivedMs}, ${webhookDeliveries.id}) < (${filter.before.receivedAt.toISOString()}::timestamptz, ${filter.before.id}::uuid)`);
  }
  const rows = await deps.db
    .select()
    .from(webhookDeliveries)
    .where(and(...conditions))
    .orderBy(desc(receivedMs), desc(webhookDeliveries.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return { items: page, next: rows.length > filter.limit && last ? { receivedAt: last.receivedAt, id: last.id } : null };
}

export class DeliveryNotReplayableError extends Error {
  readonly code = "delivery_not_replayable";
}

/** Replay a stored delivery (staff-authorised): stored again as a replay, then synced like a fresh callback. */
export async function replayDelivery(deps: Pick<ServiceDeps, "db" | "jobs">, deliveryId: string) {
  const [original] = await deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
  if (!original?.taskId || original.verdict === "bad_request") throw new DeliveryNotReplayableError("This delivery has no task to replay");
  const replay = await recordDelivery(deps.db, {
    headers: new Headers(original.headers),
    body: original.body,
    taskId: original.taskId,
    authScheme: "replay",
    replayOf: original.id,
  });
  if (replay.verdict !== "unknown_task") await deps.jobs.send("kie-sync", { taskId: original.taskId, reason: "manual", deliveryId: replay.id });
  return replay;
}
