import type PgBoss from "pg-boss";

/** Every queue, its payload and its policy, in one place. */
export interface QueuePayloads {
  /** Ask KIE for a task's status and apply it; `deliveryId` marks the webhook delivery that caused it. */
  "kie-sync": { taskId: string; reason: "webhook" | "sweep" | "manual" | "fallback" | "bulk"; deliveryId?: string; bulkRunId?: string };
  /** Copy a generation's results into the bucket and derive its previews. */
  "media-ingest": { generationId: string; rederive?: boolean; bulkRunId?: string };
  /** Find stuck work and queue syncs for it. */
  "maintenance-sweep": Record<string, never>;
}

export type QueueName = keyof QueuePayloads;

export const queueDefinitions: Record<QueueName, Omit<PgBoss.Queue, "name">> = {
  // stately: at most one waiting and one running job per key, so a burst of callbacks for one task collapses.
  "kie-sync": { policy: "stately", retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 },
  "media-ingest": { policy: "stately", retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 600 },
  "maintenance-sweep": { policy: "singleton", retryLimit: 0, expireInSeconds: 120 },
};

export const singletonKeyFor = {
  "kie-sync": (data: QueuePayloads["kie-sync"]) => data.taskId,
  "media-ingest": (data: QueuePayloads["media-ingest"]) => data.generationId,
  "maintenance-sweep": () => "sweep",
} satisfies { [Q in QueueName]: (data: QueuePayloads[Q]) => string };

export const SWEEP_CRON = "* * * * *";
