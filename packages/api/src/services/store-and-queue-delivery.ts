import type { Database, WebhookVerdict } from "@lensroom/db";

import { singletonKeyFor } from "../jobs/queues";
import { keptHeaders } from "./record-delivery";

export interface AuthenticatedDelivery {
  headers: Headers;
  body: string;
  taskId: string;
  authScheme: "hmac" | "token";
}

export interface StoredDelivery {
  id: string;
  /** accepted, duplicate (the generation is settled) or unknown_task. */
  verdict: WebhookVerdict;
  generationId: string | null;
  /** The `kie-sync` job this delivery created; null when none was needed or one was already waiting (folded). */
  jobId: string | null;
}

type Sql = Database["$client"];

/**
 * pg-boss keeps each queue's jobs in its own partition of `pgboss.job`, and its unique (singleton/stately) indexes
 * exist on the partitions only, so an insert that must name its conflict target goes to the partition. The name is
 * read from `pgboss.queue` once per pool (pg-boss derives it from the queue name, so it does not change).
 */
const partitions = new WeakMap<Sql, Promise<string>>();
function kieSyncPartition(sql: Sql): Promise<string> {
  let partition = partitions.get(sql);
  if (!partition) {
    partition = sql<Array<{ partition_name: string }>>`select partition_name from pgboss.queue where name = 'kie-sync'`.then(([row]) => {
      if (!row) throw new Error("pg-boss queue kie-sync does not exist (start the job queue first)");
      return row.partition_name;
    });
    partitions.set(sql, partition);
    partition.catch(() => partitions.delete(sql));
  }
  return partition;
}

/**
 * Store an authenticated callback and queue its `kie-sync` job in ONE statement (one round trip, one commit):
 * the verdict comes from the generation's state, the delivery row is inserted, and for an accepted delivery a job is
 * inserted into pg-boss's table exactly as `boss.send("kie-sync", …, { singletonKey: taskId })` would (policy,
 * retries, expiry and retention read from `pgboss.queue`). Both rows commit together or neither does.
 *
 * The queue is stately: while a job for the task is waiting (`created`), the insert folds into it. The waiting job
 * is locked (`do update … where false` locks the conflicting row without changing it) until this delivery commits,
 * so a worker cannot start that job — and mark the task's deliveries processed — before this delivery is visible.
 */
export async function storeAndQueueDelivery(db: Database, input: AuthenticatedDelivery): Promise<StoredDelivery> {
  const sql = db.$client;
  const partition = await kieSyncPartition(sql);
  const singletonKey = singletonKeyFor["kie-sync"]({ taskId: input.taskId, reason: "webhook" });
  const headers = JSON.stringify(keptHeaders(input.headers));
  const bodyBytes = Buffer.byteLength(input.body);
  const [row] = await sql<Array<{ id: string; verdict: StoredDelivery["verdict"]; generation_id: string | null; job_id: string | null }>>`
    with verdict as (
      select g.id as generation_id,
        case when g.id is null then 'unknown_task'
             when g.status = 'failed' or (g.media_status = 'ready' and g.status <> 'generating') then 'duplicate'
             else 'accepted' end::webhook_verdict as verdict
      from (select 1) as one left join generations g on g.task_id = ${input.taskId}
    ),
    delivery as (
      insert into webhook_deliveries (task_id, generation_id, verdict, auth_scheme, headers, body, body_bytes, processed_at, process_result)
      select ${input.taskId}, v.generation_id, v.verdict, ${input.authScheme}, ${headers}::jsonb, ${input.body}, ${bodyBytes},
        case when v.verdict = 'accepted' then null else now() end,
        case when v.verdict = 'accepted' then null else v.verdict::text end
      from verdict v
      returning id, verdict, generation_id
    ),
    job as (
      insert into ${sql(`pgboss.${partition}`)} as j (id, name, data, priority, start_after, singleton_key, singleton_on, dead_letter, expire_in, keep_until,
        retry_limit, retry_delay, retry_backoff, policy)
      select gen_random_uuid(), q.name, jsonb_build_object('taskId', ${input.taskId}::text, 'reason', 'webhook', 'deliveryId', d.id), 0, now(),
        ${singletonKey}::text, null, q.dead_letter,
        coalesce(q.expire_seconds * interval '1s', interval '15 minutes'),
        now() + cast(coalesce((q.retention_minutes * 60)::text, '14 days') as interval),
        coalesce(q.retry_limit, 2),
        case when coalesce(q.retry_backoff, false) then greatest(q.retry_delay, 1) else coalesce(q.retry_delay, 0) end,
        coalesce(q.retry_backoff, false),
        q.policy
      from delivery d join pgboss.queue q on q.name = 'kie-sync'
      where d.verdict = 'accepted'
      on conflict (name, state, (coalesce(singleton_key, ''))) where state <= 'active' and policy = 'stately'
        do update set data = j.data where false
      returning j.id
    )
    select d.id, d.verdict, d.generation_id, (select id from job) as job_id from delivery d`;
  if (!row) throw new Error("delivery insert returned no row");
  return { id: row.id, verdict: row.verdict, generationId: row.generation_id, jobId: row.job_id };
}
