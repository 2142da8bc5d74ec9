import { generations, webhookDeliveries } from "@lensroom/db";
import { createKieClient } from "@lensroom/kie";
import { startKieSimulator } from "@lensroom/kie-simulator";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { createSyncTaskHandler } from "../src/http/sync-task-route";
import { createTestServices, serveKieSyncJobs, TEST_SECRETS, tokenFor } from "../src/testing";
import { USER_A, USER_B, waitFor } from "./helpers";

describe("POST /api/sync-task?taskId=", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let simulator: Awaited<ReturnType<typeof startKieSimulator>>;
  let handle: (request: Request) => Promise<Response>;
  let taskId: string;
  let stopServing: () => Promise<void>;

  beforeAll(async () => {
    simulator = await startKieSimulator({ port: 0, apiKey: TEST_SECRETS.KIE_API_KEY, renderDelayMs: 200 });
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: simulator.url });
    handle = createSyncTaskHandler(async () => env.services);
    // The endpoint only queues the task's sync job and waits on it: a worker's lane runs it, here in this process.
    stopServing = await serveKieSyncJobs(env.services);
    const task = await env.services.kie.createTask({
      family: "market",
      model: "google/imagen4",
      prompt: "a lighthouse",
      callBackUrl: "http://127.0.0.1:9/none",
    });
    taskId = task.taskId;
    await env.services.db
      .insert(generations)
      .values({ userId: USER_A, type: "photo", model: "google/imagen4", prompt: "a lighthouse", status: "generating", taskId });
  });
  afterAll(async () => {
    await stopServing?.();
    await env?.services.close();
    await simulator?.close();
  });

  const call = (headers: Record<string, string> = {}, id: string | null = taskId) =>
    handle(new Request(`http://127.0.0.1/api/sync-task${id === null ? "" : `?taskId=${encodeURIComponent(id)}`}`, { method: "POST", headers }));
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it("refuses anonymous callers with 401", async () => {
    expect((await call()).status).toBe(401);
  });

  it("refuses GET with 405 and a missing or malformed task id with 400", async () => {
    const get = await handle(new Request(`http://127.0.0.1/api/sync-task?taskId=${taskId}`));
    expect(get.status).toBe(405);
    expect((await call(bearer(await tokenFor(USER_A)), null)).status).toBe(400);
    expect((await call(bearer(await tokenFor(USER_A)), "../../etc/passwd")).status).toBe(400);
  });

  it("answers 404 to another user, exactly like a task that does not exist", async () => {
    const other = await call(bearer(await tokenFor(USER_B)));
    const missing = await call(bearer(await tokenFor(USER_B)), "no-such-task");
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(await other.json()).toEqual(await missing.json());
  });

  it("lets the owner, staff and the internal token sync, and applies KIE's answer", async () => {
    await waitFor(async () => simulator.tasks.get(taskId)?.state === "success", 10_000, "KIE to finish the task");
    // A callback that was stored but never processed: the sync the endpoint runs records its outcome on it too.
    const [delivery] = await env.services.db
      .insert(webhookDeliveries)
      .values({ taskId, verdict: "accepted", body: "{}", bodyBytes: 2 })
      .returning({ id: webhookDeliveries.id });
    for (const headers of [bearer(await tokenFor(USER_A)), bearer(await tokenFor(USER_B, "staff")), bearer(TEST_SECRETS.INTERNAL_API_TOKEN)]) {
      const response = await call(headers);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { outcome: string };
      expect(["ingest_queued", "up_to_date"]).toContain(body.outcome);
    }
    expect(await env.services.jobs.boss.findJobs("media-ingest")).toHaveLength(1);
    const [marked] = await env.services.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, delivery?.id ?? ""));
    expect(marked).toMatchObject({ processResult: "ingest_queued" });
    expect(marked?.processedAt).toBeInstanceOf(Date);
    // Every sync ran as the task's job, none inside the request.
    const syncs = await env.services.jobs.boss.findJobs<{ reason: string }>("kie-sync", { key: taskId });
    expect(syncs.length).toBeGreaterThanOrEqual(1);
    expect(syncs.every((job) => job.state === "completed" && job.data.reason === "manual")).toBe(true);
  });

  it("answers 202 with the job while the sync has not run within the wait, and 502 when KIE cannot be asked", async () => {
    await stopServing();
    const impatient = createSyncTaskHandler(async () => env.services, { syncWaitMs: 300 });
    const request = () => new Request(`http://127.0.0.1/api/sync-task?taskId=${taskId}`, { method: "POST", headers: bearer(TEST_SECRETS.INTERNAL_API_TOKEN) });
    const waiting = await impatient(request());
    expect(waiting.status).toBe(202);
    const body = (await waiting.json()) as { outcome: string; jobId: string };
    expect(body.outcome).toBe("still_running");
    const [queued] = await env.services.jobs.boss.findJobs("kie-sync", { id: body.jobId });
    expect(queued?.state).toBe("created");
    await env.services.jobs.boss.deleteJob("kie-sync", body.jobId);

    // A worker whose KIE does not answer: the job's attempt fails, the endpoint says so, pg-boss retries later.
    const deadKie = createKieClient({ baseUrl: "http://127.0.0.1:9", apiKey: TEST_SECRETS.KIE_API_KEY, timeoutMs: 500, retry: { maxAttempts: 1 } });
    stopServing = await serveKieSyncJobs({ ...env.services, kie: deadKie });
    const failed = await handle(request());
    expect(failed.status).toBe(502);
    expect(((await failed.json()) as { error: string }).error).toMatch(/^KIE could not be asked: .*retried in the background$/);
    await stopServing();

    // The failed job now waits in `retry`; a new request queues a fresh job, and the one after joins that fresh job,
    // never the retry holding the earlier failure.
    const [retrying] = await env.services.jobs.boss.findJobs("kie-sync", { key: taskId, queued: true });
    expect(retrying?.state).toBe("retry");
    const fresh = (await (await impatient(request())).json()) as { outcome: string; jobId: string };
    const joined = (await (await impatient(request())).json()) as { outcome: string; jobId: string };
    expect(fresh.outcome).toBe("still_running");
    expect(fresh.jobId).not.toBe(retrying?.id);
    expect(joined).toMatchObject({ outcome: "still_running", jobId: fresh.jobId });
    stopServing = await serveKieSyncJobs(env.services);
  });

  it("refuses an expired token and a token signed with another key", async () => {
    const expired = await tokenFor(USER_A, "user", -10);
    expect((await call(bearer(expired))).status).toBe(401);
    const { mintAccessToken } = await import("../src/auth/tokens");
    const forged = await mintAccessToken({ userId: USER_A }, { secret: "another-secret-that-is-long-enough-000" });
    expect((await call(bearer(forged))).status).toBe(401);
  });

  it("rate-limits one caller", async () => {
    const token = bearer(await tokenFor("5f0e3d2c-1b0a-4c9d-8e7f-6a5b4c3d2e1f"));
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await call(token, "no-such-task")).status);
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
