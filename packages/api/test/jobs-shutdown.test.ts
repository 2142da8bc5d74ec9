import { startKieSimulator } from "@lensroom/kie-simulator";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { createTestServices, TEST_SECRETS } from "../src/testing";
import { startFixtureServer, type FixtureServer } from "./fixtures/fixture-server";
import { insertFinishedGeneration, objectNames, readGeneration, referencedObjects } from "./fixtures/generation-rows";
import { colourfulPng } from "./fixtures/media-files";
import { ingestRuns, READY_LINE, startWorkerProcess, workerEnv, type WorkerProcess } from "./fixtures/worker-processes";
import { USER_A, waitFor } from "./helpers";

// Short job expiry and 1 s maintenance (LENSROOM_JOB_EXPIRE_SECONDS / LENSROOM_JOB_MAINTENANCE_SECONDS) so a killed
// worker's job comes back in seconds, not the production 10 minutes. pg-boss's maintenance moves an `active` job
// past its expiry to `retry` (retry_count < retry_limit) with exponential start_after (10-20 s for the first retry
// of media-ingest); the next fetch makes it active again with retry_count + 1.
// 15 s: long enough that a loaded 2-core CI box never expires a healthy job (pg-boss also times the handler out
// in-process at the expiry), short enough for the test.
const EXPIRE_SECONDS = 15;

describe("worker shutdown mid-ingest", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let simulator: Awaited<ReturnType<typeof startKieSimulator>>;
  let files: FixtureServer;
  let png: Buffer;
  const workers: WorkerProcess[] = [];

  const startWorker = () => {
    const worker = startWorkerProcess(
      workerEnv({
        databaseUrl: env.services.env.DATABASE_URL,
        storageDir: env.storageDir,
        kieBaseUrl: simulator.url,
        secrets: TEST_SECRETS,
        extra: { LENSROOM_WORKER_CONCURRENCY: "1", LENSROOM_JOB_EXPIRE_SECONDS: String(EXPIRE_SECONDS), LENSROOM_JOB_MAINTENANCE_SECONDS: "1" },
      }),
    );
    workers.push(worker);
    return worker;
  };
  const jobsFor = async (generationId: string) =>
    (await env.services.jobs.boss.findJobs("media-ingest", { data: { generationId } })).map((job) => ({
      state: job.state,
      retry_count: job.retryCount,
      expire_seconds: job.expireInSeconds,
    }));

  beforeAll(async () => {
    simulator = await startKieSimulator({ port: 0, apiKey: TEST_SECRETS.KIE_API_KEY, hmacKey: TEST_SECRETS.KIE_CALLBACK_SECRET });
    files = await startFixtureServer();
    env = await createTestServices({
      adminUrl: inject("pgAdminUrl"),
      template: inject("pgTemplate"),
      kieBaseUrl: simulator.url,
      env: { LENSROOM_JOB_EXPIRE_SECONDS: String(EXPIRE_SECONDS) },
    });
    png = await colourfulPng(512);
  });
  afterAll(async () => {
    for (const worker of workers) worker.kill();
    await Promise.all(workers.map((w) => w.exited));
    await files?.close();
    await env?.services.close();
    await simulator?.close();
  });

  it("SIGTERM: the worker finishes the job it holds, then exits 0", async () => {
    const { services } = env;
    const url = files.route("/term/result.png", { body: png });
    const id = await insertFinishedGeneration(services.db, { userId: USER_A, urls: [url] });
    const gate = files.hold("/term/");
    const worker = startWorker();
    await worker.waitForLine(READY_LINE, 90_000);
    await services.jobs.send("media-ingest", { generationId: id });
    await gate.arrived(1); // the download has started: the worker is mid-ingest

    worker.signal("SIGTERM");
    await worker.waitForLine(/SIGTERM: finishing running jobs/);
    gate.release();
    expect(await worker.exited).toEqual({ code: 0, signal: null });

    const row = await readGeneration(services.db, id);
    expect(row).toMatchObject({ status: "success", mediaStatus: "ready", mediaAttempts: 1 });
    expect((await referencedObjects(services.storage, row)).every((o) => o.exists)).toBe(true);
    expect(await jobsFor(id)).toEqual([{ state: "completed", retry_count: 0, expire_seconds: EXPIRE_SECONDS }]);
    expect(ingestRuns([worker])).toEqual([{ pid: worker.pid, generationId: id, attempt: 1 }]);
  }, 180_000);

  it("SIGKILL: the job expires, another worker retries it and completes; the row never points at a missing object", async () => {
    const { services } = env;
    // Two outputs: the first is copied into the bucket before the second download hangs, so the kill lands after
    // an upload and before the row update, the worst moment.
    const first = files.route("/kill/first.png", { body: png });
    const second = files.route("/kill/second.png", { body: png });
    const id = await insertFinishedGeneration(services.db, { userId: USER_A, urls: [first, second] });
    const gate = files.hold("/kill/second");
    const doomed = startWorker();
    await doomed.waitForLine(READY_LINE, 90_000);
    await services.jobs.send("media-ingest", { generationId: id });
    await gate.arrived(1);
    expect(await objectNames(services.storage, USER_A, id)).toEqual(["original.png"]);

    doomed.kill();
    expect(await doomed.exited).toEqual({ code: null, signal: "SIGKILL" });
    gate.release();

    // Left behind: an active job and a row that still says nothing was copied (no half-published row).
    const during = await readGeneration(services.db, id);
    expect(during).toMatchObject({ status: "generating", mediaStatus: "pending", assetPath: null, thumbnailPath: null, outputPaths: null });
    expect(await jobsFor(id)).toEqual([{ state: "active", retry_count: 0, expire_seconds: EXPIRE_SECONDS }]);

    const rescuer = startWorker();
    const row = await waitFor(
      async () => {
        const current = await readGeneration(services.db, id);
        return current.status === "success" ? current : null;
      },
      180_000,
      "the retried ingest to publish",
    );
    expect(row).toMatchObject({ mediaStatus: "ready", mediaAttempts: 2 });
    expect(row.outputPaths).toEqual([`${USER_A}/${id}/original.png`, `${USER_A}/${id}/original-1.png`]);
    const referenced = await referencedObjects(services.storage, row);
    expect(referenced.every((o) => o.exists)).toBe(true);
    expect((await objectNames(services.storage, USER_A, id)).sort()).toEqual(["original-1.png", "original.png", "preview.webp", "thumb.webp"]);

    await waitFor(async () => (await jobsFor(id))[0]?.state === "completed", 30_000, "the job to complete");
    expect(await jobsFor(id)).toEqual([{ state: "completed", retry_count: 1, expire_seconds: EXPIRE_SECONDS }]);
    expect(ingestRuns([doomed, rescuer])).toEqual([
      { pid: doomed.pid, generationId: id, attempt: 1 },
      { pid: rescuer.pid, generationId: id, attempt: 2 },
    ]);
    expect(files.hits("/kill/second.png")).toBe(2);
  }, 240_000);
});
