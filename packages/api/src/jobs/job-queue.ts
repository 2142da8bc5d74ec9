import PgBoss from "pg-boss";

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
  });
  boss.on("error", (error) => console.error("[jobs]", error.message));
  await boss.start();
  for (const [name, definition] of Object.entries(queueDefinitions)) {
    const existing = await boss.getQueue(name);
    if (!existing) await boss.createQueue(name, { name, ...definition });
  }
  return {
    boss,
    send: (queue, data, sendOptions) =>
      boss.send(queue, data, { singletonKey: singletonKeyFor[queue](data as never), ...sendOptions }),
    stop: ({ graceful = true, timeoutMs = 30_000 } = {}) => boss.stop({ graceful, timeout: timeoutMs, wait: true }),
  };
}
