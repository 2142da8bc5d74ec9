import PgBoss from "pg-boss";

import { getLogger } from "../log/logger";
import { queueDefinitions, singletonKeyFor, type QueueName, type QueuePayloads } from "./queues";

export interface JobQueue {
  readonly boss: PgBoss;
  send<Q extends QueueName>(queue: Q, data: QueuePayloads[Q], options?: PgBoss.SendOptions): Promise<string | null>;
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

export interface JobQueueOptions {
  connectionString: string;
  /** Run pg-boss maintenance and cron (true in worker processes; web processes only send). */
  supervise: boolean;
  max?: number;
  /** Override every ingest/sync queue's job expiry (tests use a few seconds so a killed worker's job returns fast). */
  expireInSeconds?: number;
  /** How often a supervising process runs maintenance, which expires jobs of dead workers (pg-boss default 120). */
  maintenanceIntervalSeconds?: number;
  /** Days pg-boss keeps finished jobs in its archive before its maintenance deletes them (pg-boss default 7). */
  jobHistoryDays?: number;
}

/** The queue policies with the configured expiry applied (the sweep keeps its own). */
export function effectiveQueueDefinitions(expireInSeconds?: number) {
  return Object.entries(queueDefinitions).map(([name, definition]) => ({
    name,
    ...definition,
    ...(expireInSeconds && name !== "maintenance-sweep" ? { expireInSeconds } : {}),
  }));
}

/** A started pg-boss with every queue created (pg-boss drops jobs sent to a queue that does not exist). */
export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: "pgboss",
    max: options.max ?? 4,
    application_name: options.supervise ? "lensroom-worker" : "lensroom-web",
    supervise: options.supervise,
    schedule: options.supervise,
    migrate: true,
    ...(options.maintenanceIntervalSeconds ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds } : {}),
    // Finished jobs move to the archive after pg-boss's default 12 h; its maintenance deletes them from there.
    ...(options.jobHistoryDays ? { deleteAfterDays: options.jobHistoryDays } : {}),
  });
  boss.on("error", (error) => getLogger().error({ component: "pg-boss", err: error.message }, "job queue error"));
  await boss.start();
  for (const definition of effectiveQueueDefinitions(options.expireInSeconds)) {
    const existing = await boss.getQueue(definition.name);
    if (!existing) await boss.createQueue(definition.name, definition);
    // A changed expiry applies to jobs sent from now on (a job keeps the expiry it was created with).
    else if (options.supervise && existing.expireInSeconds !== definition.expireInSeconds) await boss.updateQueue(definition.name, definition);
  }
  return {
    boss,
    send: (queue, data, sendOptions) =>
      boss.send(queue, data, { singletonKey: singletonKeyFor[queue](data as never), ...sendOptions }),
    stop: ({ graceful = true, timeoutMs = 30_000 } = {}) => boss.stop({ graceful, timeout: timeoutMs, wait: true }),
  };
}
