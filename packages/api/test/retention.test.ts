import { bulkRunItems, bulkRuns, generations, webhookDeliveries, webhookRejectionCounts, webhookRejectionSamples } from "@lensroom/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { RETENTION_BATCH, RETENTION_BATCHES_PER_SWEEP } from "../src/services/apply-retention";
import { runSweep } from "../src/services/sweep";
import { createTestServices } from "../src/testing";
import { USER_A, waitFor } from "./helpers";

const DAY = 24 * 3600 * 1000;
const RETENTION_DAYS = 30;
const STAFF = "3f1e2d4c-5b6a-4789-8a9b-0c1d2e3f4a5b";

describe(`retention (LENSROOM_RETENTION_DAYS=${RETENTION_DAYS})`, () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  const now = new Date();
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);

  beforeAll(async () => {
    env = await createTestServices({
      adminUrl: inject("pgAdminUrl"),
      template: inject("pgTemplate"),
      kieBaseUrl: "http://127.0.0.1:9",
      env: { LENSROOM_RETENTION_DAYS: String(RETENTION_DAYS) },
    });
  });
  afterAll(async () => env?.services.close());

  it("the sweep deletes history older than the retention in bounded batches, keeps newer rows and unfinished runs", async () => {
    const db = env.services.db;
    // More old deliveries than one sweep deletes, so the batch bound shows.
    const oldDeliveries = RETENTION_BATCH * RETENTION_BATCHES_PER_SWEEP + 7;
    await db.execute(sql`
      insert into webhook_deliveries (received_at, task_id, verdict, body, body_bytes)
      select ${daysAgo(31).toISOString()}::timestamptz - n * interval '1 second', 'old-' || n, 'accepted', '{}', 2 from generate_series(1, ${oldDeliveries}) n`);
    const [kept] = await db
      .insert(webhookDeliveries)
      .values({ receivedAt: daysAgo(29), taskId: "recent", verdict: "duplicate", body: "{}", bodyBytes: 2 })
      .returning();

    const [generation] = await db
      .insert(generations)
      .values({ userId: USER_A, type: "photo", model: "google/imagen4", prompt: "p", status: "success" })
      .returning();
    const generationId = generation?.id ?? "";
    const run = async (values: Partial<typeof bulkRuns.$inferInsert> & Pick<typeof bulkRuns.$inferInsert, "kind" | "status">) => {
      const [row] = await db
        .insert(bulkRuns)
        .values({ createdBy: STAFF, total: 1, ...values })
        .returning();
      await db.insert(bulkRunItems).values({ runId: row?.id ?? "", generationId, state: values.status === "running" ? "pending" : "done" });
      return row?.id ?? "";
    };
    const oldDone = await run({ kind: "resync_missing", status: "done", createdAt: daysAgo(40), finishedAt: daysAgo(31) });
    const oldCancelled = await run({ kind: "rebuild_previews", status: "cancelled", createdAt: daysAgo(40), finishedAt: daysAgo(35) });
    const recentDone = await run({ kind: "resync_selected", status: "done", createdAt: daysAgo(40), finishedAt: daysAgo(29) });
    const oldRunning = await run({ kind: "resync_missing", status: "running", createdAt: daysAgo(90) });
    const oldPaused = await run({ kind: "rebuild_previews", status: "paused", createdAt: daysAgo(90) });

    await db.insert(webhookRejectionCounts).values([
      { minute: new Date(Math.floor(daysAgo(31).getTime() / 60_000) * 60_000), verdict: "bad_signature", count: 5 },
      { minute: new Date(Math.floor(daysAgo(29).getTime() / 60_000) * 60_000), verdict: "bad_signature", count: 3 },
    ]);
    const sample = { verdict: "bad_request" as const, reason: "Body is not a JSON object", body: "x", bodyBytes: 1 };
    await db.insert(webhookRejectionSamples).values([
      { ...sample, receivedAt: daysAgo(31), taskId: "old" },
      { ...sample, receivedAt: daysAgo(1), taskId: "recent" },
    ]);

    const first = await runSweep(env.services, now);
    expect(first.deleted).toEqual({
      deliveries: RETENTION_BATCH * RETENTION_BATCHES_PER_SWEEP,
      bulkRunItems: 2,
      bulkRuns: 2,
      rejectionCounts: 1,
      rejectionSamples: 1,
    });
    const second = await runSweep(env.services, now);
    expect(second.deleted).toEqual({ deliveries: 7, bulkRunItems: 0, bulkRuns: 0, rejectionCounts: 0, rejectionSamples: 0 });

    expect((await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries)).map((d) => d.id)).toEqual([kept?.id]);
    const runs = await db.select({ id: bulkRuns.id }).from(bulkRuns);
    expect(runs.map((r) => r.id).sort()).toEqual([recentDone, oldRunning, oldPaused].sort());
    const items = await db.select({ runId: bulkRunItems.runId }).from(bulkRunItems);
    expect(items.map((i) => i.runId).sort()).toEqual([recentDone, oldRunning, oldPaused].sort());
    expect(runs.map((r) => r.id)).not.toContain(oldDone);
    expect(runs.map((r) => r.id)).not.toContain(oldCancelled);
    expect((await db.select().from(webhookRejectionCounts)).map((c) => c.count)).toEqual([3]);
    expect((await db.select().from(webhookRejectionSamples)).map((s) => s.taskId)).toEqual(["recent"]);
    // The generation a deleted run repaired is history's subject, not history: it stays.
    expect(await db.select({ id: generations.id }).from(generations)).toEqual([{ id: generationId }]);
  });

  it("pg-boss keeps finished jobs LENSROOM_RETENTION_DAYS (each queue's deleteAfterSeconds); its maintenance deletes older ones", async () => {
    const boss = env.services.jobs.boss;
    expect((await boss.getQueue("bulk-feed"))?.deleteAfterSeconds).toBe(RETENTION_DAYS * 24 * 3600);
    // pg-boss's API cannot age a job, so the job that must go carries a history of one second of its own: the
    // queue's retention applies to the one that stays, pg-boss's maintenance (on demand: `supervise`) to both.
    const kept = await env.services.jobs.send("bulk-feed", { runId: "a0000000-0000-4000-8000-000000000001" });
    const short = await env.services.jobs.send("bulk-feed", { runId: "a0000000-0000-4000-8000-000000000002" }, { deleteAfterSeconds: 1 });
    if (!kept || !short) throw new Error("job not created");
    const fetched = await boss.fetch("bulk-feed", { batchSize: 2 });
    expect(fetched.map((j) => j.id).sort()).toEqual([kept, short].sort());
    await boss.complete("bulk-feed", [kept, short]);
    // Maintenance deletes at most once per interval per queue, so it runs once, after the short history is over by
    // the database's clock.
    const [done] = await boss.findJobs("bulk-feed", { id: short });
    const over = (done?.completedOn?.getTime() ?? Number.POSITIVE_INFINITY) + 1_000;
    await waitFor(
      async () => {
        const [row] = await env.services.sql<Array<{ ms: number }>>`select extract(epoch from now())::float8 * 1000 as ms`;
        return (row?.ms ?? 0) > over;
      },
      30_000,
      "the short history to be over",
    );
    await boss.supervise("bulk-feed");
    expect(await boss.findJobs("bulk-feed", { id: short })).toEqual([]);
    expect((await boss.findJobs("bulk-feed", { id: kept })).map((j) => j.state)).toEqual(["completed"]);
  });
});
