import { randomUUID } from "node:crypto";

import type { Database, WebhookVerdict } from "@lensroom/db";

import { deliveryVerdictSql } from "./delivery-verdict";
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
 * Store authenticated callbacks and queue their `kie-sync` jobs in ONE statement (one round trip, one commit): each
 * delivery's verdict comes from its generation's state, the delivery rows are inserted, and for each task with an
 * accepted delivery a job is inserted into pg-boss's table exactly as `boss.send("kie-sync", …, { singletonKey:
 * taskId })` would (policy, retries, expiry and retention read from `pgboss.queue`; data names the task's first
 * delivery in the batch). All rows commit together or none does. Results are in input order.
 *
 * The queue is stately: while a job for the task is waiting (`created`), the insert folds into it. The waiting job
 * is locked (`do update … where false` locks the conflicting row without changing it) until these deliveries
 * commit, so a worker cannot start that job — and mark the task's deliveries processed — before they are visible.
 * Jobs are inserted in task order, so two batches lock waiting jobs in the same order.
 */
export async function storeAndQueueDeliveries(sql: Sql, inputs: readonly AuthenticatedDelivery[]): Promise<StoredDelivery[]> {
  if (inputs.length === 0) return [];
  const partition = await kieSyncPartition(sql);
  const ids = inputs.map(() => randomUUID());
  const rows = await sql<Array<{ id: string; verdict: WebhookVerdict; generation_id: string | null; job_id: string | null }>>`
    with input as (
      select * from unnest(
        ${ids}::uuid[], ${inputs.map((d) => d.taskId)}::text[], ${inputs.map((d) => d.authScheme)}::text[],
        ${inputs.map((d) => JSON.stringify(keptHeaders(d.headers)))}::jsonb[], ${inputs.map((d) => d.body)}::text[],
        ${inputs.map((d) => Buffer.byteLength(d.body))}::int[]
      ) with ordinality as i (id, task_id, auth_scheme, headers, body, body_bytes, ord)
    ),
    verdict as (
      select i.*, g.id as generation_id, ${sql.unsafe(deliveryVerdictSql("g"))} as verdict
      from input i left join generations g on g.task_id = i.task_id
    ),
    delivery as (
      insert into webhook_deliveries (id, task_id, generation_id, verdict, auth_scheme, headers, body, body_bytes, processed_at, process_result)
      select id, task_id, generation_id, verdict, auth_scheme, headers, body, body_bytes,
        case when verdict = 'accepted' then null else now() end,
        case when verdict = 'accepted' then null else verdict::text end
      from verdict order by ord
      returning id, verdict, generation_id
    ),
    first_accepted as (
      select distinct on (task_id) id, task_id from verdict where verdict = 'accepted' order by task_id, ord
    ),
    job as (
      insert into ${sql(`pgboss.${partition}`)} as j (id, name, data, priority, start_after, singleton_key, singleton_on, dead_letter,
        expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)
      select gen_random_uuid(), q.name, jsonb_build_object('taskId', f.task_id, 'reason', 'webhook', 'deliveryId', f.id), 0, now(),
        f.task_id, null, q.dead_letter,
        coalesce(q.expire_seconds * interval '1s', interval '15 minutes'),
        now() + cast(coalesce((q.retention_minutes * 60)::text, '14 days') as interval),
        coalesce(q.retry_limit, 2),
        case when coalesce(q.retry_backoff, false) then greatest(q.retry_delay, 1) else coalesce(q.retry_delay, 0) end,
        coalesce(q.retry_backoff, false),
        q.policy
      from first_accepted f cross join pgboss.queue q
      where q.name = 'kie-sync'
      order by f.task_id
      on conflict (name, state, (coalesce(singleton_key, ''))) where state <= 'active' and policy = 'stately'
        do update set data = j.data where false
      returning j.id, (j.data ->> 'deliveryId')::uuid as delivery_id
    )
    select d.id, d.verdict, d.generation_id, j.id as job_id from delivery d left join job j on j.delivery_id = d.id`;
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw new Error("delivery insert returned no row");
    return { id, verdict: row.verdict, generationId: row.generation_id, jobId: row.job_id };
  });
}

/** The most deliveries one statement carries. */
const MAX_DELIVERY_BATCH = 64;
/**
 * Statements in flight at once per pool. One: a delivery that arrives while a statement is out waits at most one
 * round trip and then shares the next statement with everything else that arrived meanwhile, which measured cheaper
 * for Postgres (0.60 vs 0.80 ms of CPU per delivery at 500/s) and no slower than two in flight; and no two of this
 * process's statements ever wait on each other's job locks.
 */
const MAX_DELIVERY_STATEMENTS = 1;

interface Waiting {
  input: AuthenticatedDelivery;
  deadlineAt: number;
  resolve: (stored: StoredDelivery) => void;
  reject: (error: unknown) => void;
}

export class DeliveryDeadlineError extends Error {
  readonly code = "delivery_deadline";
}

/**
 * Natural batching: a delivery arriving while fewer than MAX_DELIVERY_STATEMENTS statements are in flight goes out
 * at once (after the current turn of the event loop, so deliveries read in the same turn share it); deliveries
 * arriving while all are busy wait and go together in the next statement. A quiet server sends one row per
 * statement; a busy one sends fewer, larger statements (fewer round trips and commits) instead of queueing single
 * ones. If a batch fails, each of its deliveries is tried again alone, so one bad row cannot fail the others.
 */
class DeliveryBatcher {
  private waiting: Waiting[] = [];
  private lanes = 0;

  constructor(private readonly sql: Sql) {}

  add(input: AuthenticatedDelivery, deadlineAt: number): Promise<StoredDelivery> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, deadlineAt, resolve, reject });
      if (this.lanes < MAX_DELIVERY_STATEMENTS) {
        this.lanes++;
        setImmediate(() => void this.lane());
      }
    });
  }

  private async lane() {
    while (this.waiting.length > 0) {
      const now = Date.now();
      // A caller past its deadline has answered 503 already (KIE retries): do not store what it gave up on.
      const batch = this.waiting.splice(0, MAX_DELIVERY_BATCH).filter((w) => {
        if (w.deadlineAt > now) return true;
        w.reject(new DeliveryDeadlineError("the delivery waited past its deadline"));
        return false;
      });
      if (batch.length === 0) continue;
      try {
        const stored = await storeAndQueueDeliveries(this.sql, batch.map((w) => w.input));
        batch.forEach((w, i) => w.resolve(stored[i] as StoredDelivery));
      } catch (error) {
        if (batch.length === 1) batch[0]?.reject(error);
        else await Promise.all(batch.map((w) => storeAndQueueDeliveries(this.sql, [w.input]).then(([one]) => w.resolve(one as StoredDelivery), w.reject)));
      }
    }
    this.lanes--;
  }
}

const batchers = new WeakMap<Sql, DeliveryBatcher>();

/**
 * Store one authenticated callback and queue its sync (see `storeAndQueueDeliveries`), sharing a statement with the
 * deliveries that arrive at the same time in this process. Rejects without storing if it is still waiting to be
 * sent at `deadlineAt` (ms since epoch).
 */
export function storeAndQueueDelivery(db: Database, input: AuthenticatedDelivery, options: { deadlineAt?: number } = {}): Promise<StoredDelivery> {
  const sql = db.$client;
  let batcher = batchers.get(sql);
  if (!batcher) {
    batcher = new DeliveryBatcher(sql);
    batchers.set(sql, batcher);
  }
  return batcher.add(input, options.deadlineAt ?? Number.POSITIVE_INFINITY);
}
