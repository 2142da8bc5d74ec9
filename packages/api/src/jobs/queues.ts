import type { Queue } from "pg-boss";

/** Every queue, its payload and its policy, in one place. */
export interface QueuePayloads {
  /**
   * Ask KIE for a task's status and apply it: every sync of a task runs as this job (`services/sync-through-job.ts`).
   * `deliveryId` names the webhook delivery that caused it; `ingestBy: "caller"` leaves the ingest to a waiting bulk
   * item instead of queueing it.
   */
  "kie-sync": {
    taskId: string;
    reason: "webhook" | "sweep" | "manual" | "fallback" | "admin" | "bulk";
    deliveryId?: string;
    ingestBy?: "queue" | "caller";
  };
  /** Copy a generation's results into the bucket and derive its previews. */
  "media-ingest": { generationId: string; rederive?: boolean };
  /** Feed the next slice of a staff bulk run into `bulk-item` while the run is running. */
  "bulk-feed": { runId: string };
  /** Repair one generation of a bulk run (sync, then ingest in the same job) and count it. */
  "bulk-item": { runId: string; generationId: string };
  /**
   * The same for a generation whose repair starts by asking KIE for its status: its own queue, so items waiting on
   * KIE's rate limit never hold up the ones that only need their result URLs copied.
   */
  "bulk-item-kie": { runId: string; generationId: string };
  /** Find stuck work and queue syncs for it. */
  "maintenance-sweep": Record<string, never>;
}

export type QueueName = keyof QueuePayloads;

export const queueDefinitions: Record<QueueName, Omit<Queue, "name">> = {
  // stately: at most one waiting and one running job per key, so a burst of callbacks for one task collapses.
  // notify: a worker hears of a new sync at once (LISTEN/NOTIFY) instead of at its next poll, since callers wait on it.
  "kie-sync": { policy: "stately", retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 120, notify: true },
  "media-ingest": { policy: "stately", retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 600 },
  "maintenance-sweep": { policy: "singleton", retryLimit: 0, expireInSeconds: 120 },
  "bulk-feed": { policy: "stately", retryLimit: 3, retryDelay: 5, expireInSeconds: 120 },
  "bulk-item": { policy: "standard", retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 900 },
  "bulk-item-kie": { policy: "standard", retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 900 },
};

export const singletonKeyFor = {
  "kie-sync": (data: QueuePayloads["kie-sync"]) => data.taskId,
  "media-ingest": (data: QueuePayloads["media-ingest"]) => data.generationId,
  "maintenance-sweep": () => "sweep",
  "bulk-feed": (data: QueuePayloads["bulk-feed"]) => data.runId,
  "bulk-item": (data: QueuePayloads["bulk-item"]) => `${data.runId}:${data.generationId}`,
  "bulk-item-kie": (data: QueuePayloads["bulk-item-kie"]) => `${data.runId}:${data.generationId}`,
} satisfies { [Q in QueueName]: (data: QueuePayloads[Q]) => string };

export const SWEEP_CRON = "* * * * *";
