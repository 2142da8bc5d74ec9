import { generations, webhookDeliveries, type Database, type WebhookVerdict } from "@lensroom/db";
import { sql } from "drizzle-orm";

import { deliveryVerdictSql } from "./delivery-verdict";

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

/** Rejected deliveries keep only the start of their body: enough to debug, too little to abuse. */
const REJECTED_BODY_LIMIT = 4096;

export interface DeliveryInput {
  headers: Headers;
  body: string;
  taskId: string | null;
  authScheme: string | null;
  /** Set for rejected deliveries; accepted ones get their verdict from the generation's state. */
  rejected?: Extract<WebhookVerdict, "bad_signature" | "bad_request">;
  replayOf?: string;
}

/** Store a callback before answering it, with a verdict. Returns the stored row's id, verdict and generation. */
export async function recordDelivery(db: Database, input: DeliveryInput) {
  let verdict: WebhookVerdict = input.rejected ?? "unknown_task";
  let generationId: string | null = null;
  if (!input.rejected && input.taskId) {
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
      body: input.rejected ? input.body.slice(0, REJECTED_BODY_LIMIT) : input.body,
      bodyBytes: Buffer.byteLength(input.body),
      replayOf: input.replayOf,
      processedAt: verdict === "accepted" ? null : new Date(),
      processResult: verdict === "accepted" ? null : verdict,
    })
    .returning({ id: webhookDeliveries.id });
  if (!row) throw new Error("delivery insert returned no row");
  return { id: row.id, verdict, generationId };
}
