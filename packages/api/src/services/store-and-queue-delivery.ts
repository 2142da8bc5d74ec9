import { randomUUID } from "node:crypto";

import type { Database, WebhookVerdict } from "@lensroom/db";

import { bossDbOf } from "../jobs/boss-db";
import type { JobQueue } from "../jobs/job-queue";
import { singletonKeyFor, type QueuePayloads } from "../jobs/queues";
import { deliveryVerdictSql } from "../rules/delivery-verdict";
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
type Boss = Pick<JobQueue["boss"], "insert">;

/**
 * Serialises intake and sync per task: intake holds it from before it queues a task's sync until its deliveries
 * commit, and a `kie-sync` job takes it once before it reads KIE (`waitForTaskIntake`). So a sync that folds a new
 * delivery (its job was already waiting) never starts before that delivery is visible to it.
 */
const taskIntakeLockSql = (taskIdSql: string) => `pg_advisory_xact_lock(hashtextextended('kie-sync intake:' || ${taskIdSql}, 0))`;

/** Wait until no intake transaction that may have folded a delivery into this task's sync is still open. */
export async function waitForTaskIntake(sql: Sql, taskId: string): Promise<void> {
  await sql.unsafe(`select ${taskIntakeLockSql("$1")}`, [taskId]);
}

/**
 * Store authenticated callbacks and queue their `kie-sync` jobs in ONE transaction (both commit or neither): each
 * delivery's verdict comes from its generation's state and the delivery rows are inserted in one statement; then
 * for each task with an accepted delivery a job goes in through pg-boss's `insert` on the same transaction (its
 * `db` option), with the queue's policy, retries, expiry and retention applied by pg-boss. The job's data names
 * the task's first delivery in the batch. Results are in input order.
 *
 * The queue is stately: while a job for the task is waiting, pg-boss skips the insert (the delivery folds into the
 * waiting job), and the per-task intake lock keeps that job from reading KIE before this delivery commits.
 */
export async function storeAndQueueDeliveries(sql: Sql, boss: Boss, inputs: readonly AuthenticatedDelivery[]): Promise<StoredDelivery[]> {
  if (inputs.length === 0) return [];
  const ids = inputs.map(() => randomUUID());
  return sql.begin(async (tx) => {
    const rows = await tx<Array<{ id: string; verdict: WebhookVerdict; generation_id: string | null }>>`
      with input as (
        select * from unnest(
          ${ids}::uuid[], ${inputs.map((d) => d.taskId)}::text[], ${inputs.map((d) => d.authScheme)}::text[],
          ${inputs.map((d) => JSON.stringify(keptHeaders(d.headers)))}::jsonb[], ${inputs.map((d) => d.body)}::text[],
          ${inputs.map((d) => Buffer.byteLength(d.body))}::int[]
        ) with ordinality as i (id, task_id, auth_scheme, headers, body, body_bytes, ord)
      ),
      locked as (
        select count(${tx.unsafe(taskIntakeLockSql("task_id"))}) as n from (select distinct task_id from input order by task_id) t
      ),
      verdict as (
        select i.*, g.id as generation_id, ${tx.unsafe(deliveryVerdictSql("g"))} as verdict
        from locked, input i left join generations g on g.task_id = i.task_id
      )
      insert into webhook_deliveries (id, task_id, generation_id, verdict, auth_scheme, headers, body, body_bytes, processed_at, process_result)
      select id, task_id, generation_id, verdict, auth_scheme, headers, body, body_bytes,
        case when verdict = 'accepted' then null else now() end,
        case when verdict = 'accepted' then null else verdict::text end
      from verdict order by ord
      returning id, verdict, generation_id`;
    const byId = new Map(rows.map((row) => [row.id, row]));
    const firstAccepted = new Map<string, string>();
    inputs.forEach((input, i) => {
      const id = ids[i] as string;
      if (byId.get(id)?.verdict === "accepted" && !firstAccepted.has(input.taskId)) firstAccepted.set(input.taskId, id);
    });
    const jobs = [...firstAccepted]
      .toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([taskId, deliveryId]) => ({
        id: randomUUID(),
        data: { taskId, reason: "webhook", deliveryId } satisfies QueuePayloads["kie-sync"],
        singletonKey: singletonKeyFor["kie-sync"]({ taskId, reason: "webhook" }),
      }));
    const inserted = new Set(jobs.length > 0 ? ((await boss.insert("kie-sync", jobs, { db: bossDbOf(tx), returnId: true })) ?? []) : []);
    const jobByDelivery = new Map(jobs.filter((job) => inserted.has(job.id)).map((job) => [job.data.deliveryId, job.id]));
    return ids.map((id) => {
      const row = byId.get(id);
      if (!row) throw new Error("delivery insert returned no row");
      return { id, verdict: row.verdict, generationId: row.generation_id, jobId: jobByDelivery.get(id) ?? null };
    });
  });
}

/** The most deliveries one transaction carries. */
const MAX_DELIVERY_BATCH = 64;
/**
 * Transactions in flight at once per pool. One: a delivery that arrives while a transaction is out waits for it and
 * then shares the next one with everything else that arrived meanwhile. Fewer, larger transactions cost Postgres less
 * CPU per delivery than two in flight, with no worse tail (docs/performance.md, "Webhook intake"), and no two of this
 * process's transactions ever wait on each other's task locks.
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
 * Natural batching: a delivery arriving while fewer than MAX_DELIVERY_STATEMENTS transactions are in flight goes out
 * at once (after the current turn of the event loop, so deliveries read in the same turn share it); deliveries
 * arriving while all are busy wait and go together in the next transaction. A quiet server sends one row per
 * transaction; a busy one sends fewer, larger transactions (fewer round trips and commits) instead of queueing single
 * ones. If a batch fails, each of its deliveries is tried again alone, so one bad row cannot fail the others.
 */
class DeliveryBatcher {
  private waiting: Waiting[] = [];
  private lanes = 0;

  constructor(
    private readonly sql: Sql,
    private readonly boss: Boss,
  ) {}

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
        const stored = await storeAndQueueDeliveries(
          this.sql,
          this.boss,
          batch.map((w) => w.input),
        );
        batch.forEach((w, i) => w.resolve(stored[i] as StoredDelivery));
      } catch (error) {
        if (batch.length === 1) batch[0]?.reject(error);
        else
          await Promise.all(
            batch.map((w) => storeAndQueueDeliveries(this.sql, this.boss, [w.input]).then(([one]) => w.resolve(one as StoredDelivery), w.reject)),
          );
      }
    }
    this.lanes--;
  }
}

const batchers = new WeakMap<Sql, DeliveryBatcher>();

/**
 * Store one authenticated callback and queue its sync (see `storeAndQueueDeliveries`), sharing a transaction with the
 * deliveries that arrive at the same time in this process. Rejects without storing if it is still waiting to be
 * sent at `deadlineAt` (ms since epoch).
 */
export function storeAndQueueDelivery(
  deps: { db: Database; jobs: { boss: Boss } },
  input: AuthenticatedDelivery,
  options: { deadlineAt?: number } = {},
): Promise<StoredDelivery> {
  const sql = deps.db.$client;
  let batcher = batchers.get(sql);
  if (!batcher) {
    batcher = new DeliveryBatcher(sql, deps.jobs.boss);
    batchers.set(sql, batcher);
  }
  return batcher.add(input, options.deadlineAt ?? Number.POSITIVE_INFINITY);
}
