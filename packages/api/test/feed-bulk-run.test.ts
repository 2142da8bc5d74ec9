import { bulkRunItems, bulkRuns, generations } from "@lensroom/db";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { FEED_KIE_QUEUE_DEPTH, FEED_QUEUE_DEPTH, feedBulkRun } from "../src/services/bulk/feed-bulk-run";
import { startBulkRun } from "../src/services/bulk/start-bulk-run";
import { runSweep } from "../src/services/sweep";
import { createTestServices } from "../src/testing";
import { USER_A } from "./helpers";

const STAFF = "5d1f0c2b-3a4e-4b6d-8f9a-0b1c2d3e4f5a";

// No workers here: the feeder is called by hand and the items it releases are read back from the table.
describe("bulk run feeder", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;

  beforeAll(async () => {
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: "http://127.0.0.1:9" });
    const row = (i: number, taskId: string | null) => ({
      userId: USER_A,
      type: "photo" as const,
      model: "google/imagen4",
      prompt: `missing ${i}`,
      status: "success" as const,
      taskId,
      resultUrls: taskId ? null : [`http://127.0.0.1:9/legacy/${i}.png`],
    });
    // 50 rows that need KIE's status endpoint, 250 legacy rows whose result URLs are copied without asking KIE.
    await env.services.db
      .insert(generations)
      .values([...Array.from({ length: 50 }, (_, i) => row(i, `task-${i}`)), ...Array.from({ length: 250 }, (_, i) => row(100 + i, null))]);
  });
  afterAll(async () => env?.services.close());

  const queued = async (runId: string) => {
    const rows = await env.services.db.execute<{ asks_kie: boolean; n: number }>(sql`
      select g.task_id is not null as asks_kie, count(*)::int as n from ${bulkRunItems} i join ${generations} g on g.id = i.generation_id
      where i.run_id = ${runId} and i.state = 'queued' group by 1`);
    return { kie: rows.find((r) => r.asks_kie)?.n ?? 0, other: rows.find((r) => !r.asks_kie)?.n ?? 0 };
  };

  const jobs = async (runId: string) => {
    const counts: Record<string, number> = {};
    for (const queue of ["bulk-item", "bulk-item-kie"]) {
      const n = (await env.services.jobs.boss.findJobs(queue, { data: { runId } })).length;
      if (n > 0) counts[queue] = n;
    }
    return counts;
  };
  const finish = (runId: string, asksKie: boolean, n: number) =>
    env.services.db.execute(sql`
    update ${bulkRunItems} set state = 'done' where run_id = ${runId} and generation_id in (
      select generation_id from ${bulkRunItems} i join ${generations} g on g.id = i.generation_id
      where i.run_id = ${runId} and i.state = 'queued' and (g.task_id is not null) = ${asksKie} limit ${n})`);

  it("keeps each queue topped up to its depth, items that ask KIE in their own queue", async () => {
    const runId = await startBulkRun(env.services, { kind: "resync_missing", createdBy: STAFF });
    // The sweep leaves the run's rows to it (asking KIE twice would halve the run's pace).
    expect((await runSweep(env.services)).stuck).toBe(0);

    const first = await feedBulkRun(env.services, runId);
    expect(first.released).toBe(FEED_KIE_QUEUE_DEPTH + FEED_QUEUE_DEPTH);
    expect(await queued(runId)).toEqual({ kie: FEED_KIE_QUEUE_DEPTH, other: FEED_QUEUE_DEPTH });

    // Nothing finished yet: both queues are full, nothing more goes out.
    expect((await feedBulkRun(env.services, runId)).released).toBe(0);

    // 60 of the rest and 20 of KIE's finish: both queues are topped up (only 10 items asking KIE are left).
    await finish(runId, false, 60);
    await finish(runId, true, 20);
    expect((await feedBulkRun(env.services, runId)).released).toBe(60 + 10);
    expect(await queued(runId)).toEqual({ kie: 30, other: FEED_QUEUE_DEPTH });
    expect(await jobs(runId)).toEqual({ "bulk-item-kie": 50, "bulk-item": FEED_QUEUE_DEPTH + 60 });

    // Paused, the run no longer holds its rows back from the sweep.
    await env.services.db.update(bulkRuns).set({ status: "paused" }).where(eq(bulkRuns.id, runId));
    expect((await runSweep(env.services)).stuck).toBe(50); // items marked done by hand above were never repaired
    await env.services.db.update(bulkRuns).set({ status: "cancelled" }).where(eq(bulkRuns.id, runId));
  });

  it("treats every item of a preview rebuild as one that does not ask KIE", async () => {
    await env.services.db.update(generations).set({ mediaStatus: "ready", assetPath: "x/original.png" }).where(eq(generations.userId, USER_A));
    const runId = await startBulkRun(env.services, { kind: "rebuild_previews", createdBy: STAFF });
    const fed = await feedBulkRun(env.services, runId);
    expect(fed.released).toBe(FEED_QUEUE_DEPTH);
  });
});
