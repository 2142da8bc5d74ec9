import type { AppServices } from "@lensroom/api";

import { authenticateCallback } from "../../packages/api/src/http/authenticate-callback";
import { json } from "../../packages/api/src/http/json-response";
import { recordDelivery } from "../../packages/api/src/services/record-delivery";
import { markDeliveriesProcessed, syncTask } from "../../packages/api/src/services/sync-task";
import { extractCallbackTaskId } from "../../packages/kie/src/callback";

/**
 * The naive callback handler, for contrast only: it does the sync (a KIE status read and the row update) before it
 * answers, as the old system did. Same authentication and delivery log as ours; no queue.
 */
export function createNaiveWebhookHandler(services: AppServices) {
  return async function handleNaively(request: Request): Promise<Response> {
    const text = await request.text();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return json(400, { error: "Body is not JSON" });
    }
    const taskId = extractCallbackTaskId(body);
    if (!taskId) return json(400, { error: "No task id" });
    const auth = authenticateCallback(request, taskId, services.env.KIE_CALLBACK_SECRET);
    if (!auth.ok) return json(401, { error: `Callback signature ${auth.reason}` });
    try {
      const delivery = await recordDelivery(services.db, { headers: request.headers, body: text, taskId, authScheme: auth.scheme });
      const result = await syncTask(services, taskId);
      await markDeliveriesProcessed(services, taskId, result.outcome);
      return json(200, { ok: true, delivery: delivery.id, outcome: result.outcome });
    } catch (error) {
      return json(503, { error: error instanceof Error ? error.message : String(error) });
    }
  };
}
