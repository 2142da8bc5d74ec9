import { isDatabaseConnectionError } from "../jobs/database-connection-error";
import type { JobQueue } from "../jobs/job-queue";
import { errorMessage, getLogger } from "../log/logger";
import { getMetrics } from "../metrics/registry";
import type { ServiceDeps } from "../services/deps";
import { recordDelivery } from "../services/record-delivery";
import { recordRejection } from "../services/record-rejection";
import type { Rejection } from "../services/rejection-sample";
import { DeliveryDeadlineError, storeAndQueueDelivery, type AuthenticatedDelivery, type StoredDelivery } from "../services/store-and-queue-delivery";
import { isDoctorProbe, judgeCallback, type CallbackJudgement } from "./judge-callback";
import { json } from "./json-response";
import { DeadlineExceededError, withDeadline } from "./with-deadline";

/**
 * While the database is down the pool keeps queries waiting for a connection (with growing reconnect backoff), so
 * an unbounded store would hang the callback well past KIE's 15 s timeout. Past this we answer 503 and KIE retries.
 */
export const WEBHOOK_STORE_DEADLINE_MS = 4_000;
/**
 * Storing and queueing normally happen in one transaction. Only if that fails (not on the deadline) is the delivery
 * stored alone and the sync queued separately; that send gets a short budget of its own: a delivery stored but not
 * queued is queued by the sweep.
 */
export const WEBHOOK_ENQUEUE_DEADLINE_MS = 1_000;

type WebhookDeps = Pick<ServiceDeps, "db" | "env"> & { jobs: Pick<JobQueue, "send" | "boss"> };

/**
 * Store an authenticated delivery and queue its sync in one transaction (both commit or neither; deliveries arriving
 * together share it). If the database refuses that transaction (say pg-boss's tables are being migrated),
 * store the delivery alone within what is left of the deadline, then queue it with a separate send. Out of time or
 * out of connection, nothing is retried here: the caller answers 503 and KIE sends the callback again.
 */
async function storeAndQueue(deps: WebhookDeps, delivery: AuthenticatedDelivery): Promise<StoredDelivery> {
  const started = Date.now();
  try {
    const stored = storeAndQueueDelivery(deps, delivery, { deadlineAt: started + WEBHOOK_STORE_DEADLINE_MS });
    return await withDeadline(stored, WEBHOOK_STORE_DEADLINE_MS, "storing the callback");
  } catch (error) {
    // Out of time, or no database to talk to: the caller answers 503 and KIE retries.
    if (error instanceof DeadlineExceededError || error instanceof DeliveryDeadlineError || isDatabaseConnectionError(error)) throw error;
    const left = WEBHOOK_STORE_DEADLINE_MS - (Date.now() - started);
    if (left <= 0) throw error;
    getLogger().error({ component: "webhook", taskId: delivery.taskId, err: errorMessage(error) }, "store + queue in one transaction failed, storing alone");
    const stored = await withDeadline(recordDelivery(deps.db, delivery), left, "storing the callback");
    if (stored.verdict !== "accepted") return { ...stored, jobId: null };
    // If this send fails (or is slow) the delivery stays unprocessed and the sweep queues it: never lost.
    const queued = deps.jobs.send("kie-sync", { taskId: delivery.taskId, reason: "webhook", deliveryId: stored.id });
    const jobId = await withDeadline(queued, WEBHOOK_ENQUEUE_DEADLINE_MS, "queueing the sync").catch(() => null);
    return { ...stored, jobId };
  }
}

/**
 * Rejected callbacks are counted within this budget; past it (the database is slow or down) the sender is answered
 * anyway and the count is written when the database lets it.
 */
const WEBHOOK_REJECTION_DEADLINE_MS = 1_000;

/**
 * Count a rejected callback (see `recordRejection`), waiting at most WEBHOOK_REJECTION_DEADLINE_MS for the services
 * and the write together; never throws: a malformed request is answered whether or not the services are up.
 */
async function countRejection(loadDeps: () => Promise<WebhookDeps>, rejection: Rejection): Promise<void> {
  const counted = loadDeps().then((deps) => recordRejection(deps.db, rejection));
  await withDeadline(counted, WEBHOOK_REJECTION_DEADLINE_MS, "counting the rejected callback").catch(() => undefined);
}

/**
 * `POST /api/webhooks/kie`: judge (check, authenticate), store and enqueue (one transaction), answer. The body is a hint
 * only: the sync job re-reads KIE's status endpoint before anything is ingested. Rejected callbacks are only counted,
 * with a few kept as samples, so they cannot grow storage. A database outage answers 503 so KIE retries.
 */
export function createKieWebhookHandler(getDeps: () => Promise<WebhookDeps>) {
  return async function handleKieWebhook(request: Request): Promise<Response> {
    if (request.method !== "POST") return json(405, { error: "Use POST" }, { allow: "POST" });

    let deps: Promise<WebhookDeps> | undefined;
    const loadDeps = () => (deps ??= getDeps());
    let judgement: CallbackJudgement;
    try {
      judgement = await judgeCallback(request, async () => (await loadDeps()).env.KIE_CALLBACK_SECRET);
    } catch {
      return json(503, { error: "Service unavailable, retry later" }, { "retry-after": "30" });
    }
    if (!judgement.ok) {
      if (isDoctorProbe(request, judgement)) return json(judgement.status, { error: judgement.rejection.reason });
      getMetrics().webhookDeliveries.inc({ verdict: judgement.rejection.verdict });
      await countRejection(loadDeps, judgement.rejection);
      return json(judgement.status, { error: judgement.rejection.reason });
    }
    try {
      const delivery = await storeAndQueue(await loadDeps(), {
        headers: request.headers,
        body: judgement.body,
        taskId: judgement.taskId,
        authScheme: judgement.authScheme,
      });
      getMetrics().webhookDeliveries.inc({ verdict: delivery.verdict });
      const status = delivery.verdict === "unknown_task" ? 202 : 200;
      return json(status, { ok: true, delivery: delivery.id, verdict: delivery.verdict });
    } catch {
      return json(503, { error: "Could not store the callback, retry later" }, { "retry-after": "30" });
    }
  };
}
