import { generations, generationStatus, mediaStatus, webhookDeliveries } from "@lensroom/db";
import { signCallback } from "@lensroom/kie/signature";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";

import { createKieWebhookHandler } from "../src/http/kie-webhook";
import { recordDelivery } from "../src/services/record-delivery";
import { runSweep } from "../src/services/sweep";
import { markDeliveriesProcessed } from "../src/services/sync-task";
import { DeliveryDeadlineError, storeAndQueueDeliveries, storeAndQueueDelivery, waitForTaskIntake } from "../src/services/store-and-queue-delivery";
import { createTestServices } from "../src/testing";
import { USER_A, waitFor } from "./helpers";

const TASKS = ["task-sq-1", "task-sq-2", "task-sq-3", "task-sq-4", "task-sq-5"];
const TASK = TASKS[0] ?? "";
const headers = new Headers({ "content-type": "application/json", "x-webhook-timestamp": "1700000000", "x-webhook-signature": "c2ln", cookie: "kept-out" });
const delivery = (taskId: string, note = "") => ({ headers, body: JSON.stringify({ code: 200, data: { taskId, note } }), taskId, authScheme: "hmac" as const });

// The one-transaction intake (delivery row + pg-boss job through pg-boss's insert) against a real database.
describe("storeAndQueueDelivery", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let partition: string;

  const jobsFor = (taskId: string) => env.services.jobs.boss.findJobs<{ taskId: string; reason: string; deliveryId: string }>("kie-sync", { key: taskId });

  beforeAll(async () => {
    // Generations here never count as stuck, so the sweep below only queues what deliveries need.
    env = await createTestServices({
      adminUrl: inject("pgAdminUrl"),
      template: inject("pgTemplate"),
      kieBaseUrl: "http://127.0.0.1:9",
      env: { LENSROOM_STUCK_AFTER_SECONDS: "3600" },
    });
    // The table pg-boss keeps kie-sync's jobs in (from its API): only fault injection touches it, because a job
    // insert that fails inside the intake transaction cannot be provoked through pg-boss's API.
    partition = (await env.services.jobs.boss.getQueue("kie-sync"))?.table ?? "";
  });
  afterAll(async () => env?.services.close());
  beforeEach(async () => {
    await env.database.reset();
    await env.services.jobs.boss.deleteAllJobs("kie-sync");
    await env.services.sql.unsafe(
      `drop trigger if exists explode on pgboss.${partition}; drop trigger if exists explode on webhook_deliveries; drop trigger if exists hold on webhook_deliveries`,
    );
    await env.services.db
      .insert(generations)
      .values(TASKS.map((taskId) => ({ userId: USER_A, type: "photo" as const, model: "google/imagen4", prompt: "p", status: "generating" as const, taskId })));
  });

  it("stores the delivery and creates the job send would create", async () => {
    const stored = await storeAndQueueDelivery(env.services, delivery(TASK));
    expect(stored.verdict).toBe("accepted");
    expect(stored.jobId).not.toBeNull();
    const [row] = await env.services.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, stored.id));
    expect(row).toMatchObject({
      taskId: TASK,
      generationId: stored.generationId,
      verdict: "accepted",
      authScheme: "hmac",
      processedAt: null,
      bodyBytes: delivery(TASK).body.length,
    });
    expect(row?.headers).toEqual({ "content-type": "application/json", "x-webhook-timestamp": "1700000000", "x-webhook-signature": "c2ln" });

    // The same job through pg-boss itself, for another task: every column that policy and retries depend on agrees.
    const other = TASKS[1] ?? "";
    const sentId = await env.services.jobs.send("kie-sync", { taskId: other, reason: "webhook", deliveryId: stored.id });
    expect(sentId).not.toBeNull();
    const columns = await Promise.all(
      [stored.jobId, sentId].map(async (id) => {
        const [job] = await env.services.jobs.boss.findJobs("kie-sync", { id: id ?? "" });
        if (!job) throw new Error(`job ${id} not found`);
        const { name, state, priority, retryLimit, retryDelay, retryBackoff, singletonOn, expireInSeconds, deleteAfterSeconds, deadLetter, policy } = job;
        const keptForMs = job.keepUntil.getTime() - job.createdOn.getTime();
        return {
          shared: {
            name,
            state,
            priority,
            retryLimit,
            retryDelay,
            retryBackoff,
            singletonOn,
            expireInSeconds,
            deleteAfterSeconds,
            deadLetter,
            policy,
            keptForMs,
          },
          key: job.singletonKey,
          data: job.data,
        };
      }),
    );
    const [ours, boss] = columns;
    expect(ours?.shared).toEqual(boss?.shared);
    expect(ours).toMatchObject({
      key: TASK,
      data: { taskId: TASK, reason: "webhook", deliveryId: stored.id },
      shared: { policy: "stately", state: "created" },
    });
  });

  it("gives unknown tasks and settled generations a verdict, marks them processed and queues nothing", async () => {
    await env.services.db.update(generations).set({ status: "failed" }).where(eq(generations.taskId, TASK));
    const settled = await storeAndQueueDelivery(env.services, delivery(TASK));
    const unknown = await storeAndQueueDelivery(env.services, delivery("task-nobody-knows"));
    expect([settled.verdict, unknown.verdict]).toEqual(["duplicate", "unknown_task"]);
    expect([settled.jobId, unknown.jobId, unknown.generationId]).toEqual([null, null, null]);
    const rows = await env.services.db.select().from(webhookDeliveries);
    expect(rows.map((r) => [r.verdict, r.processResult, r.processedAt !== null]).sort()).toEqual([
      ["duplicate", "duplicate", true],
      ["unknown_task", "unknown_task", true],
    ]);
    expect(await env.services.jobs.boss.findJobs("kie-sync")).toHaveLength(0);
  });

  it("judges a delivery alike in the batched store and in the single-row store, for every state of its generation", async () => {
    const verdicts: string[] = [];
    for (const status of generationStatus.enumValues) {
      for (const media of mediaStatus.enumValues) {
        await env.services.db.update(generations).set({ status, mediaStatus: media }).where(eq(generations.taskId, TASK));
        const [batched] = await storeAndQueueDeliveries(env.services.sql, env.services.jobs.boss, [delivery(TASK)]);
        const alone = await recordDelivery(env.services.db, delivery(TASK));
        const settled = status === "failed" || (media === "ready" && status !== "generating");
        expect([batched?.verdict, alone.verdict], `${status}/${media}`).toEqual(Array(2).fill(settled ? "duplicate" : "accepted"));
        expect(alone.generationId).toBe(batched?.generationId);
        verdicts.push(alone.verdict);
      }
    }
    expect(new Set(verdicts)).toEqual(new Set(["accepted", "duplicate"]));
    const [unknownBatched] = await storeAndQueueDeliveries(env.services.sql, env.services.jobs.boss, [delivery("task-nobody-knows")]);
    const unknownAlone = await recordDelivery(env.services.db, delivery("task-nobody-knows"));
    expect([unknownBatched?.verdict, unknownAlone.verdict, unknownAlone.generationId]).toEqual(["unknown_task", "unknown_task", null]);
  });

  it("stores every one of many concurrent duplicates exactly once and folds them into one waiting job per task", async () => {
    const perTask = 30;
    const calls = TASKS.flatMap((taskId) => Array.from({ length: perTask }, (_, i) => storeAndQueueDelivery(env.services, delivery(taskId, `copy ${i}`))));
    const results = await Promise.all(calls);
    const ids = results.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const rows = await env.services.db.select({ id: webhookDeliveries.id, taskId: webhookDeliveries.taskId }).from(webhookDeliveries);
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    for (const taskId of TASKS) {
      expect(rows.filter((r) => r.taskId === taskId)).toHaveLength(perTask);
      const jobs = await jobsFor(taskId);
      expect(jobs.map((j) => j.state)).toEqual(["created"]);
      // The job names one of the task's deliveries; the job that created it is the one result that reports it.
      const creators = results.filter((r) => r.jobId !== null && r.jobId === jobs[0]?.id);
      expect(creators).toHaveLength(1);
      expect(jobs[0]?.data.deliveryId).toBe(creators[0]?.id);
    }
    expect(results.filter((r) => r.jobId !== null)).toHaveLength(TASKS.length);
  });

  it("stores a batch in one transaction: results in input order, one job per task naming its first delivery", async () => {
    const [t1, t2, t3] = [TASKS[0] ?? "", TASKS[1] ?? "", TASKS[2] ?? ""];
    await env.services.db.update(generations).set({ status: "failed" }).where(eq(generations.taskId, t3));
    const inputs = [delivery(t1, "a"), delivery(t2, "a"), delivery(t1, "b"), delivery("task-nobody-knows"), delivery(t3), delivery(t2, "b")];
    const stored = await storeAndQueueDeliveries(env.services.sql, env.services.jobs.boss, inputs);
    expect(stored.map((d) => d.verdict)).toEqual(["accepted", "accepted", "accepted", "unknown_task", "duplicate", "accepted"]);
    const rows = await env.services.db.select().from(webhookDeliveries);
    expect(new Map(rows.map((r) => [r.id, r.body]))).toEqual(new Map(stored.map((d, i) => [d.id, inputs[i]?.body])));
    expect(stored.map((d) => d.jobId !== null)).toEqual([true, true, false, false, false, false]);
    expect((await jobsFor(t1)).map((j) => [j.id, j.data.deliveryId])).toEqual([[stored[0]?.jobId, stored[0]?.id]]);
    expect((await jobsFor(t2)).map((j) => [j.id, j.data.deliveryId])).toEqual([[stored[1]?.jobId, stored[1]?.id]]);
    expect(await jobsFor(t3)).toHaveLength(0);
  });

  it("fails only the bad delivery of a shared transaction: the others are stored and queued alone", async () => {
    await env.services.sql.unsafe(`
      create or replace function test_explode() returns trigger language plpgsql as $$ begin raise exception 'poisoned delivery'; end $$;
      create trigger explode before insert on webhook_deliveries for each row when (new.body like '%poison%') execute function test_explode()`);
    // Made in one turn of the event loop, so they go out as one transaction first.
    const calls = TASKS.flatMap((taskId) =>
      [0, 1, 2].map((i) => storeAndQueueDelivery(env.services, delivery(taskId, taskId === TASK && i === 1 ? "poison" : `fine ${i}`))),
    );
    const settled = await Promise.allSettled(calls);
    const rejected = settled.filter((r) => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect(String((rejected[0] as PromiseRejectedResult).reason)).toMatch(/poisoned delivery/);
    expect(await env.services.db.select().from(webhookDeliveries)).toHaveLength(calls.length - 1);
    for (const taskId of TASKS) expect(await jobsFor(taskId)).toHaveLength(1);
  });

  it("does not store a delivery still waiting to be sent at its deadline (its caller has answered 503)", async () => {
    await expect(storeAndQueueDelivery(env.services, delivery(TASK), { deadlineAt: Date.now() - 1 })).rejects.toBeInstanceOf(DeliveryDeadlineError);
    expect(await env.services.db.select().from(webhookDeliveries)).toHaveLength(0);
    expect(await jobsFor(TASK)).toHaveLength(0);
  });

  it("queues a new job once the waiting one has started (stately: one waiting, one running)", async () => {
    await storeAndQueueDelivery(env.services, delivery(TASK, "first"));
    const [started] = await env.services.jobs.boss.fetch<unknown>("kie-sync");
    expect(started?.data).toMatchObject({ taskId: TASK });
    const second = await storeAndQueueDelivery(env.services, delivery(TASK, "second"));
    const third = await storeAndQueueDelivery(env.services, delivery(TASK, "third"));
    expect(second.jobId).not.toBeNull();
    expect(third.jobId).toBeNull();
    expect((await jobsFor(TASK)).map((j) => j.state)).toEqual(["active", "created"]);
  });

  it("rolls the delivery back when the job insert fails (neither row is written)", async () => {
    await env.services.sql.unsafe(`
      create or replace function test_explode() returns trigger language plpgsql as $$ begin raise exception 'job insert refused'; end $$;
      create trigger explode before insert on pgboss.${partition} for each row when (new.name = 'kie-sync') execute function test_explode()`);
    await expect(storeAndQueueDelivery(env.services, delivery(TASK))).rejects.toThrow(/job insert refused/);
    expect(await env.services.db.select().from(webhookDeliveries)).toHaveLength(0);
    expect(await jobsFor(TASK)).toHaveLength(0);
  });

  it("writes no job when the delivery insert fails", async () => {
    await env.services.sql.unsafe(`
      create or replace function test_explode() returns trigger language plpgsql as $$ begin raise exception 'delivery insert refused'; end $$;
      create trigger explode before insert on webhook_deliveries for each row execute function test_explode()`);
    await expect(storeAndQueueDelivery(env.services, delivery(TASK))).rejects.toThrow(/delivery insert refused/);
    expect(await env.services.db.select().from(webhookDeliveries)).toHaveLength(0);
    expect(await jobsFor(TASK)).toHaveLength(0);
  });

  it("holds a started sync back until a delivery being stored for its task has committed", async () => {
    const first = await storeAndQueueDelivery(env.services, delivery(TASK, "first"));
    expect(first.jobId).not.toBeNull();
    // The second delivery's transaction stops at its delivery insert (an AFTER trigger waits on a lock this test
    // holds): it holds the task's intake lock and has not queued or committed yet.
    const holder = await env.services.sql.reserve();
    try {
      await holder`select pg_advisory_lock(7001)`;
      await env.services.sql.unsafe(`
        create or replace function test_hold() returns trigger language plpgsql as $$ begin perform pg_advisory_xact_lock(7001); return null; end $$;
        create trigger hold after insert on webhook_deliveries for each row when (new.body like '%held%') execute function test_hold()`);
      const second = storeAndQueueDelivery(env.services, delivery(TASK, "held"));
      await waitFor(
        async () => {
          const [waiting] = await env.services.sql`select 1 from pg_locks where locktype = 'advisory' and objid = 7001 and not granted`;
          return waiting !== undefined;
        },
        10_000,
        "the second delivery to wait at its insert",
      );

      // A worker takes the waiting job now, and (as the kie-sync lane does) waits for the task's intake first.
      const [job] = await env.services.jobs.boss.fetch<{ taskId: string }>("kie-sync");
      expect(job?.id).toBe(first.jobId);
      let intakeDone = false;
      const waited = waitForTaskIntake(env.services.sql, TASK).then(() => {
        intakeDone = true;
      });
      await waitFor(
        async () => {
          const waiting = await env.services.sql`select 1 from pg_locks where locktype = 'advisory' and objid <> 7001 and not granted`;
          return waiting.length > 0;
        },
        10_000,
        "the sync to wait for the intake",
      );
      expect(intakeDone).toBe(false);

      await holder`select pg_advisory_unlock(7001)`;
      // The job was running when the delivery queued, so (stately) it got a waiting job of its own.
      expect((await second).jobId).not.toBeNull();
      await waited;
      // What the kie-sync worker does after syncing: both deliveries are visible to it, so both are processed.
      await markDeliveriesProcessed(env.services, TASK, "pending");
      const unprocessed = await env.services.sql`select id from webhook_deliveries where processed_at is null`;
      expect(unprocessed).toHaveLength(0);
    } finally {
      await holder`select pg_advisory_unlock_all()`;
      holder.release();
    }
  });

  it("webhook: if the one transaction fails, the delivery is stored alone (2xx) and the sweep queues it later", async () => {
    await env.services.sql.unsafe(`
      create or replace function test_explode() returns trigger language plpgsql as $$ begin raise exception 'job insert refused'; end $$;
      create trigger explode before insert on pgboss.${partition} for each row when (new.name = 'kie-sync') execute function test_explode()`);
    const ts = Math.floor(Date.now() / 1000);
    const handle = createKieWebhookHandler(async () => env.services);
    const response = await handle(
      new Request("http://127.0.0.1/api/webhooks/kie", {
        method: "POST",
        body: JSON.stringify({ code: 200, data: { taskId: TASK, state: "success" } }),
        headers: {
          "content-type": "application/json",
          "x-webhook-timestamp": String(ts),
          "x-webhook-signature": signCallback(env.services.env.KIE_CALLBACK_SECRET, TASK, ts),
        },
      }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { delivery: string; verdict: string };
    expect(body.verdict).toBe("accepted");
    const rows = await env.services.db.select().from(webhookDeliveries);
    expect(rows.map((r) => [r.id, r.verdict, r.processedAt])).toEqual([[body.delivery, "accepted", null]]);
    expect(await jobsFor(TASK)).toHaveLength(0);

    await env.services.sql.unsafe(`drop trigger explode on pgboss.${partition}`);
    const swept = await runSweep(env.services, new Date(Date.now() + 120_000));
    expect(swept.orphanDeliveries).toBe(1);
    const jobs = await jobsFor(TASK);
    expect(jobs.map((j) => [j.state, j.data.deliveryId])).toEqual([["created", body.delivery]]);
  });
});
