import { PgBoss, type SendOptions } from "pg-boss";

import { getLogger } from "../log/logger";
import { carryOverV10Jobs, setAsideV10Schema } from "./carry-over-v10-jobs";
import { queueDefinitions, singletonKeyFor, type QueueName, type QueuePayloads } from "./queues";

export interface JobQueue {
  readonly boss: PgBoss;
  send<Q extends QueueName>(queue: Q, data: QueuePayloads[Q], options?: SendOptions): Promise<string | null>;
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

/** pg-boss's schema. */
export const JOB_SCHEMA = "pgboss";

export interface JobQueueOptions {
  connectionString: string;
  /** Run pg-boss maintenance and cron (true in worker processes; web processes only send). */
  supervise: boolean;
  max?: number;
  /** Override every ingest/sync queue's job expiry (tests use a few seconds so a killed worker's job returns fast). */
  expireInSeconds?: number;
  /** How often a supervising process deletes old job history; it expires jobs of dead workers and recounts the queues this often too, at least once a minute. */
  maintenanceIntervalSeconds?: number;
  /** Days pg-boss keeps a finished (completed, failed, cancelled) job before its maintenance deletes it (pg-boss default 7). */
  jobHistoryDays?: number;
}

/** The queue policies with the configured expiry and history applied (the sweep keeps its own expiry). */
export function effectiveQueueDefinitions(expireInSeconds?: number, jobHistoryDays?: number) {
  return Object.entries(queueDefinitions).map(([name, definition]) => ({
    name,
    ...definition,
    ...(expireInSeconds && name !== "maintenance-sweep" ? { expireInSeconds } : {}),
    ...(jobHistoryDays ? { deleteAfterSeconds: jobHistoryDays * 24 * 3600 } : {}),
  }));
}

/**
 * pg-boss 12 supervises on a timer (`superviseIntervalSeconds`): each pass counts the queues and expires jobs of dead
 * workers when the monitor interval is due, and deletes old history when the maintenance interval is due. Expiry
 * keeps the configured interval (at most a minute, pg-boss's default), so the queue counts the gauges and the health
 * page read are at most that old too.
 */
function supervisionIntervals(maintenanceIntervalSeconds: number) {
  const monitor = Math.min(maintenanceIntervalSeconds, 60);
  return { maintenanceIntervalSeconds, monitorIntervalSeconds: monitor, superviseIntervalSeconds: monitor };
}

/**
 * A started pg-boss with every queue created (pg-boss refuses jobs for a queue that does not exist). A database
 * that ran pg-boss 10 keeps its waiting and running jobs: pg-boss 12 has no migration from 10's schema, so the old
 * schema is set aside before pg-boss installs its own, and its unfinished jobs are queued again (see
 * `carry-over-v10-jobs.ts`).
 */
export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const movedAside = await setAsideV10Schema(options.connectionString, JOB_SCHEMA);
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: JOB_SCHEMA,
    max: options.max ?? 4,
    application_name: options.supervise ? "lensroom-worker" : "lensroom-web",
    supervise: options.supervise,
    schedule: options.supervise,
    migrate: true,
    // Worker processes listen for new jobs of queues that ask for it (`notify`), so a waiting caller's sync starts at once.
    useListenNotify: options.supervise,
    ...(options.maintenanceIntervalSeconds ? supervisionIntervals(options.maintenanceIntervalSeconds) : {}),
  });
  // Every pg-boss failure that has no caller to reject (a worker's fetch or completion, maintenance, the monitor)
  // arrives here; a failed job state is retried by pg-boss (an active job whose completion was lost expires).
  boss.on("error", (error) => getLogger().error({ component: "pg-boss", err: error.message }, "job queue error"));
  await boss.start();
  for (const definition of effectiveQueueDefinitions(options.expireInSeconds, options.jobHistoryDays)) {
    const { name, policy: _policy, ...changeable } = definition;
    const existing = await boss.getQueue(name);
    if (!existing) await boss.createQueue(name, definition);
    // A changed expiry or history applies to jobs sent from now on (a job keeps what it was created with).
    else if (
      options.supervise &&
      (existing.expireInSeconds !== definition.expireInSeconds ||
        existing.deleteAfterSeconds !== definition.deleteAfterSeconds ||
        Boolean(existing.notify) !== Boolean(definition.notify))
    ) {
      await boss.updateQueue(name, changeable);
    }
  }
  if (movedAside) await carryOverV10Jobs(options.connectionString, boss, movedAside);
  return {
    boss,
    send: (queue, data, sendOptions) => boss.send(queue, data, { singletonKey: singletonKeyFor[queue](data as never), ...sendOptions }),
    stop: ({ graceful = true, timeoutMs = 30_000 } = {}) => boss.stop({ graceful, timeout: timeoutMs }),
  };
}
