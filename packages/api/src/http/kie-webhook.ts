import { extractCallbackTaskId } from "@lensroom/kie/callback";

import { isDatabaseConnectionError } from "../jobs/survive-database-outage";
import { errorMessage, getLogger } from "../log/logger";
import { getMetrics } from "../metrics/registry";
import type { ServiceDeps } from "../services/deps";
import { recordDelivery } from "../services/record-delivery";
import { DeliveryDeadlineError, storeAndQueueDelivery, type AuthenticatedDelivery, type StoredDelivery } from "../services/store-and-queue-delivery";
import { authenticateCallback } from "./authenticate-callback";
import { json } from "./json-response";
import { BodyTooLargeError, readBoundedBody } from "./read-bounded-body";
import { DeadlineExceededError, withDeadline } from "./with-deadline";

export const WEBHOOK_BODY_LIMIT = 1_000_000;
/**
 * While the database is down the pool keeps queries waiting for a connection (with growing reconnect backoff), so
 * an unbounded store would hang the callback well past KIE's 15 s timeout. Past this we answer 503 and KIE retries.
 */
export const WEBHOOK_STORE_DEADLINE_MS = 4_000;
/**
 * Storing and queueing normally happen in one statement. Only if that fails (not on the deadline) is the delivery
 * stored alone and the sync queued separately; that send gets a short budget of its own: a delivery stored but not
 * queued is queued by the sweep.
 */
export const WEBHOOK_ENQUEUE_DEADLINE_MS = 1_000;

type WebhookDeps = Pick<ServiceDeps, "db" | "jobs" | "env">;

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Store an authenticated delivery and queue its sync in one round trip (both commit or neither; deliveries arriving
 * together share the statement). If the database refuses that statement (say pg-boss's tables are being migrated),
 * store the delivery alone within what is left of the deadline, then queue it with a separate send. Out of time or
 * out of connection, nothing is retried here: the caller answers 503 and KIE sends the callback again.
 */
async function storeAndQueue(deps: WebhookDeps, delivery: AuthenticatedDelivery): Promise<StoredDelivery> {
  const started = Date.now();
  try {
    const stored = storeAndQueueDelivery(deps.db, delivery, { deadlineAt: started + WEBHOOK_STORE_DEADLINE_MS });
    return await withDeadline(stored, WEBHOOK_STORE_DEADLINE_MS, "storing the callback");
  } catch (error) {
    // Out of time, or no database to talk to: the caller answers 503 and KIE retries.
    if (error instanceof DeadlineExceededError || error instanceof DeliveryDeadlineError || isDatabaseConnectionError(error)) throw error;
    const left = WEBHOOK_STORE_DEADLINE_MS - (Date.now() - started);
    if (left <= 0) throw error;
    getLogger().error({ component: "webhook", taskId: delivery.taskId, err: errorMessage(error) }, "store + queue in one statement failed, storing alone");
    const stored = await withDeadline(recordDelivery(deps.db, delivery), left, "storing the callback");
    if (stored.verdict !== "accepted") return { ...stored, jobId: null };
    // If this send fails (or is slow) the delivery stays unprocessed and the sweep queues it: never lost.
    const queued = deps.jobs.send("kie-sync", { taskId: delivery.taskId, reason: "webhook", deliveryId: stored.id });
    const jobId = await withDeadline(queued, WEBHOOK_ENQUEUE_DEADLINE_MS, "queueing the sync").catch(() => null);
    return { ...stored, jobId };
  }
}

/**
 * `POST /api/webhooks/kie`: check, authenticate, store and enqueue (one statement), answer. The body is a hint only:
 * the sync job re-reads KIE's status endpoint before anything is ingested. A database outage answers 503 so KIE
 * retries.
 */
export function createKieWebhookHandler(getDeps: () => Promise<WebhookDeps>) {
  return async function handleKieWebhook(request: Request): Promise<Response> {
    if (request.method !== "POST") return json(405, { error: "Use POST" }, { allow: "POST" });
    const contentType = request.headers.get("content-type") ?? "";
    if (!/^application\/(.+\+)?json\b/i.test(contentType)) return json(415, { error: "Content-Type must be application/json" });

    let text: string;
    try {
      text = await readBoundedBody(request, WEBHOOK_BODY_LIMIT);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return json(413, { error: "Callback body is larger than 1 MB" });
      return json(400, { error: "Could not read the request body" });
    }
    const body = parseJsonObject(text);
    if (!body) return json(400, { error: "Body is not a JSON object" });
    const taskId = extractCallbackTaskId(body);
    if (!taskId) return json(400, { error: "No task id in taskId, data.taskId or data.task_id" });

    let deps: WebhookDeps;
    try {
      deps = await getDeps();
    } catch {
      return json(503, { error: "Service unavailable, retry later" }, { "retry-after": "30" });
    }
    const auth = authenticateCallback(request, taskId, deps.env.KIE_CALLBACK_SECRET);
    try {
      if (!auth.ok) {
        getMetrics().webhookDeliveries.inc({ verdict: "bad_signature" });
        const rejected = recordDelivery(deps.db, { headers: request.headers, body: text, taskId, authScheme: auth.scheme, rejected: "bad_signature" });
        await withDeadline(rejected, WEBHOOK_STORE_DEADLINE_MS, "storing the callback");
        return json(401, { error: `Callback signature ${auth.reason}` });
      }
      const delivery = await storeAndQueue(deps, { headers: request.headers, body: text, taskId, authScheme: auth.scheme });
      getMetrics().webhookDeliveries.inc({ verdict: delivery.verdict });
      const status = delivery.verdict === "unknown_task" ? 202 : 200;
      return json(status, { ok: true, delivery: delivery.id, verdict: delivery.verdict });
    } catch {
      return json(503, { error: "Could not store the callback, retry later" }, { "retry-after": "30" });
    }
  };
}
