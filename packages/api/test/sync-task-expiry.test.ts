import { generations, webhookDeliveries } from "@lensroom/db";
import { KIE_RESULT_RETENTION_MS } from "@lensroom/kie";
import { startKieSimulator } from "@lensroom/kie-simulator";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";

import { createAdminCaller } from "../src/admin";
import { createSyncTaskHandler } from "../src/http/sync-task-route";
import { startWorkers } from "../src/jobs/worker";
import { RECORD_VISIBILITY_GRACE_MS, UPSTREAM_EXPIRY_MESSAGES } from "../src/services/expire-upstream";
import { runSweep } from "../src/services/sweep";
import { syncTask } from "../src/services/sync-task";
import { createTestServices, serveKieSyncJobs, TEST_SECRETS } from "../src/testing";
import { generationOfTask, insertAgedGeneration } from "./generation-rows";
import { USER_A, waitFor } from "./helpers";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// The simulator answers a task id it never created as KIE answers one it no longer knows: HTTP 200 with
// {"code":422,"msg":"recordInfo is null"}. Every task id here is unknown to it.
describe("syncTask: a task KIE no longer has", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let simulator: Awaited<ReturnType<typeof startKieSimulator>>;
  let serial = 0;

  beforeAll(async () => {
    simulator = await startKieSimulator({ port: 0, apiKey: TEST_SECRETS.KIE_API_KEY });
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: simulator.url });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await env?.services.close();
    await simulator?.close();
  });

  /** A row whose task the simulator does not know, created `ageMs` ago. */
  async function row(ageMs: number, values: Partial<typeof generations.$inferInsert> = {}) {
    const taskId = `gone-${++serial}-${Date.now()}`;
    await insertAgedGeneration(env.services.db, taskId, ageMs, values);
    return taskId;
  }
  const read = (taskId: string) => generationOfTask(env.services.db, taskId);
  const statusReads = () => simulator.rateLimitCounts().status.accepted;

  it("ends a task KIE does not know an hour after creation as expired (kie_task_unknown)", async () => {
    const taskId = await row(60 * MINUTE);
    const before = statusReads();
    expect(await syncTask(env.services, taskId)).toEqual({ outcome: "expired", reason: "kie_task_unknown" });
    expect(statusReads() - before).toBe(1);
    const after = await read(taskId);
    expect(after).toMatchObject({
      status: "expired",
      errorCode: "kie_task_unknown",
      errorMessage: "KIE no longer knows this task (it keeps results for 14 days)",
      syncAttempts: 1,
    });
    expect(after.completedAt).toBeInstanceOf(Date);
    expect(after.lastSyncedAt).toBeInstanceOf(Date);

    // Asking again changes nothing: the expiry was reported, so it is never overwritten.
    expect(await syncTask(env.services, taskId)).toEqual({ outcome: "up_to_date" });
    expect(await read(taskId)).toMatchObject({ status: "expired", errorCode: "kie_task_unknown" });
  });

  it("keeps a brand-new task KIE does not show yet pending, as before", async () => {
    const taskId = await row(10_000);
    expect(await syncTask(env.services, taskId)).toEqual({ outcome: "pending", state: "not_visible_yet" });
    expect(await read(taskId)).toMatchObject({ status: "generating", errorCode: null, errorMessage: null, completedAt: null, syncAttempts: 1 });
  });

  it("waits out the whole grace before calling a task gone", async () => {
    const taskId = await row(RECORD_VISIBILITY_GRACE_MS - MINUTE);
    expect(await syncTask(env.services, taskId)).toEqual({ outcome: "pending", state: "not_visible_yet" });
    expect((await read(taskId)).status).toBe("generating");
  });

  it("keeps the completion time an old row already has, and turns an expiry of our own into KIE's", async () => {
    const completedAt = new Date(Date.now() - 50 * MINUTE);
    const taskId = await row(60 * MINUTE, { status: "expired", mediaStatus: "expired", mediaError: "tempfile.aiquickdraw.com answered 404", completedAt });
    expect(await syncTask(env.services, taskId)).toEqual({ outcome: "expired", reason: "kie_task_unknown" });
    const after = await read(taskId);
    expect(after).toMatchObject({ status: "expired", errorCode: "kie_task_unknown", completedAt });
  });

  it("a copy still waiting ends with the row, so the sweep stops picking it up", async () => {
    const taskId = await row(60 * MINUTE, { status: "success", resultUrls: ["https://tempfile.aiquickdraw.com/gone.png"], mediaStatus: "pending" });
    expect(await syncTask(env.services, taskId)).toEqual({ outcome: "expired", reason: "kie_task_unknown" });
    expect(await read(taskId)).toMatchObject({ status: "expired", mediaStatus: "expired" });
    // Long after, as the sweep finds rows: a pending copy would be re-synced every minute.
    await env.services.db
      .update(generations)
      .set({ updatedAt: new Date(Date.now() - 30 * MINUTE) })
      .where(eq(generations.taskId, taskId));
    await runSweep(env.services);
    expect(await env.services.jobs.boss.findJobs("kie-sync", { data: { taskId } })).toHaveLength(0);
  });

  it("ends a row older than KIE's retention without a copy as expired (kie_retention), without asking KIE", async () => {
    const taskId = await row(20 * DAY, { status: "completed", resultUrls: ["https://tempfile.aiquickdraw.com/old.png"] });
    const getTaskStatus = vi.spyOn(env.services.kie, "getTaskStatus");
    const before = statusReads();
    expect(await syncTask(env.services, taskId)).toEqual({ outcome: "expired", reason: "kie_retention" });
    expect(getTaskStatus).not.toHaveBeenCalled();
    expect(statusReads() - before).toBe(0);
    const after = await read(taskId);
    expect(after).toMatchObject({
      status: "expired",
      errorCode: "kie_retention",
      errorMessage: UPSTREAM_EXPIRY_MESSAGES.kie_retention,
      syncAttempts: 0,
      lastSyncedAt: null,
    });
    expect(after.errorMessage).toContain("14 days");
    expect(after.completedAt).toBeInstanceOf(Date);
  });

  it("asks KIE about a row just inside the retention", async () => {
    const taskId = await row(KIE_RESULT_RETENTION_MS - DAY);
    const getTaskStatus = vi.spyOn(env.services.kie, "getTaskStatus");
    expect(await syncTask(env.services, taskId)).toEqual({ outcome: "expired", reason: "kie_task_unknown" });
    expect(getTaskStatus).toHaveBeenCalledTimes(1);
  });

  it("never touches a row that has our own copy, whatever its age", async () => {
    const owned = {
      status: "success" as const,
      assetPath: `${USER_A}/x/original.png`,
      assetUrl: "http://127.0.0.1:9/original.png",
      mediaStatus: "ready" as const,
    };
    for (const ageMs of [60 * MINUTE, 20 * DAY]) {
      const taskId = await row(ageMs, { ...owned, thumbnailPath: `${USER_A}/x/thumb.webp` });
      const before = await read(taskId);
      expect(await syncTask(env.services, taskId), `${ageMs}`).toEqual({ outcome: "up_to_date" });
      const after = await read(taskId);
      expect(after).toMatchObject({ status: "success", errorCode: null, errorMessage: null, assetPath: owned.assetPath, completedAt: before.completedAt });
    }
  });

  it("leaves a failure KIE or the old site reported as it is", async () => {
    for (const [ageMs, errorCode] of [
      [60 * MINUTE, "400"],
      [20 * DAY, "legacy_cancelled"],
    ] as const) {
      const taskId = await row(ageMs, { status: "failed", errorCode, errorMessage: "refused" });
      expect(await syncTask(env.services, taskId)).toEqual({ outcome: "up_to_date" });
      expect(await read(taskId)).toMatchObject({ status: "failed", errorCode, errorMessage: "refused" });
    }
  });

  it("POST /api/sync-task answers an expired task with 200 and the outcome", async () => {
    const taskId = await row(60 * MINUTE);
    const handle = createSyncTaskHandler(async () => env.services);
    const stopServing = await serveKieSyncJobs(env.services);
    const response = await handle(
      new Request(`http://127.0.0.1/api/sync-task?taskId=${encodeURIComponent(taskId)}`, {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_SECRETS.INTERNAL_API_TOKEN}` },
      }),
    );
    await stopServing();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ taskId, outcome: "expired", reason: "kie_task_unknown" });
  });

  it("the admin's re-sync leaves a reported expiry alone and says so, and its table offers no re-sync", async () => {
    const taskId = await row(60 * MINUTE);
    await syncTask(env.services, taskId);
    const { id } = await read(taskId);
    const admin = createAdminCaller({ services: env.services, headers: new Headers(), identity: { userId: USER_A, email: null, role: "staff" } });
    const getTaskStatus = vi.spyOn(env.services.kie, "getTaskStatus");
    expect(await admin.generations.resync({ id })).toEqual({ outcome: "expired", reason: "kie_task_unknown" });
    expect(getTaskStatus).not.toHaveBeenCalled();
    const problems = await admin.generations.problems({ kind: "expired", search: taskId, limit: 5 });
    expect(problems.items).toEqual([expect.objectContaining({ id, status: "expired", errorCode: "kie_task_unknown", canResync: false })]);
  });

  it("an adopted row the sweep finds ends expired through the worker instead of spinning, and its deliveries say why", async () => {
    const taskId = await row(20 * DAY, { status: "completed" });
    await env.services.db.insert(webhookDeliveries).values({ taskId, verdict: "accepted", body: "{}", bodyBytes: 2 });
    expect((await runSweep(env.services)).queued).toBeGreaterThanOrEqual(1);
    const workers = await startWorkers(env.services, { concurrency: 1 });
    try {
      await waitFor(async () => (await read(taskId)).status === "expired", 20_000, "the sweep's sync");
    } finally {
      await workers.stop();
    }
    expect(await read(taskId)).toMatchObject({ status: "expired", errorCode: "kie_retention" });
    const [delivery] = await env.services.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.taskId, taskId));
    expect(delivery?.processResult).toBe("expired (kie_retention)");
  });
});
