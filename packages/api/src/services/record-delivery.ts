import { generations, webhookDeliveries, type Database, type WebhookVerdict } from "@lensroom/db";
import { sql } from "drizzle-orm";

import { deliveryVerdictSql } from "../rules/delivery-verdict";

const KEPT_HEADERS = ["content-type", "user-agent", "x-webhook-timestamp", "x-webhook-signature", "x-forwarded-for"];

/** The request headers a delivery keeps (enough to debug a signature; nothing else). */
export function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return kept;
}

export interface DeliveryInput {
  headers: Headers;
  body: string;
  taskId: string | null;
  authScheme: string | null;
  replayOf?: string;
}

/**
 * Store an authenticated callback (or a staff replay) with its verdict from the generation's state, one row at a
 * time. Returns the stored row's id, verdict and generation. Rejected callbacks are not stored here: see
 * `recordRejection`.
 */
export async function recordDelivery(db: Database, input: DeliveryInput) {
  let verdict: WebhookVerdict = "unknown_task";
  let generationId: string | null = null;
  if (input.taskId) {
    const [judged] = await db.execute<{ generation_id: string | null; verdict: WebhookVerdict }>(sql`
      select g.id as generation_id, ${sql.raw(deliveryVerdictSql("g"))} as verdict
      from (values (${input.taskId}::text)) as delivery (task_id) left join ${generations} g on g.task_id = delivery.task_id`);
    if (judged) ({ generation_id: generationId, verdict } = judged);
  }
  const headers = keptHeaders(input.headers);
  const [row] = await db
    .insert(webhookDeliveries)
    .values({
      taskId: input.taskId?.slice(0, 128) ?? null,
      generationId,
      verdict,
      authScheme: input.authScheme,
      headers,
      body: input.body,
      bodyBytes: Buffer.byteLength(input.body),
      replayOf: input.replayOf,
      processedAt: verdict === "accepted" ? null : new Date(),
      processResult: verdict === "accepted" ? null : verdict,
    })
    .returning({ id: webhookDeliveries.id });
  if (!row) throw new Error("delivery insert returned no row");
  return { id: row.id, verdict, generationId };
}
