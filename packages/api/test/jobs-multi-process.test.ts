import { startKieSimulator } from "@lensroom/kie-simulator";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { createTestServices, TEST_SECRETS } from "../src/testing";
import { startFixtureServer, type FixtureServer } from "./fixtures/fixture-server";
import { insertFinishedGeneration, objectNames, readGeneration, referencedObjects } from "./fixtures/generation-rows";
import { colourfulPng } from "./fixtures/media-files";
import { ingestRuns, READY_LINE, startWorkerProcess, workerEnv, type WorkerProcess } from "./fixtures/worker-processes";
import { USER_A, waitFor } from "./helpers";

const WORKERS = 3;
const CONCURRENCY = 2;
const JOBS = 30;

// Three real `pnpm worker` processes (node + tsx, own process groups) over one database and one bucket directory.
describe("media-ingest across worker processes", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let simulator: Awaited<ReturnType<typeof startKieSimulator>>;
  let files: FixtureServer;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    simulator = await startKieSimulator({ port: 0, apiKey: TEST_SECRETS.KIE_API_KEY, hmacKey: TEST_SECRETS.KIE_CALLBACK_SECRET });
    files = await startFixtureServer();
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: simulator.url });
  });
  afterAll(async () => {
    for (const worker of workers) worker.kill();
    await Promise.all(workers.map((w) => w.exited));
    await files?.close();
    await env?.services.close();
    await simulator?.close();
  });

  it(`${JOBS} ingests on ${WORKERS} processes: each job runs exactly once, every row ends success with its objects`, async () => {
    const { services } = env;
    const png = await colourfulPng(512);
    const ids: string[] = [];
    for (let i = 0; i < JOBS; i++) {
      const url = files.route(`/results/${i}.png`, { body: png, headers: { "content-type": "image/png" } });
      ids.push(await insertFinishedGeneration(services.db, { userId: USER_A, urls: [url] }));
    }
    // Queue everything twice before any worker runs: the stately queue keeps one waiting job per generation.
    for (const generationId of ids) expect(await services.jobs.send("media-ingest", { generationId })).toBeTruthy();
    for (const generationId of ids) expect(await services.jobs.send("media-ingest", { generationId })).toBeNull();

    // Hold the first downloads until WORKERS × CONCURRENCY ingests are in flight at once. One process runs at most
    // CONCURRENCY ingests, so reaching that number proves every process took work at the same time.
    const gate = files.hold("/results/");
    for (let i = 0; i < WORKERS; i++) {
      workers.push(
        startWorkerProcess(
          workerEnv({
            databaseUrl: services.env.DATABASE_URL,
            storageDir: env.storageDir,
            kieBaseUrl: simulator.url,
            secrets: TEST_SECRETS,
            extra: { LENSROOM_WORKER_CONCURRENCY: String(CONCURRENCY) },
          }),
        ),
      );
    }
    await Promise.all(workers.map((w) => w.waitForLine(READY_LINE, 90_000)));
    await gate.arrived(WORKERS * CONCURRENCY);
    gate.release();

    await waitFor(
      async () => {
        const [counts] = await services.db.execute<{ done: number }>(
          sql`select count(*)::int as done from generations where status = 'success' and media_status = 'ready'`,
        );
        // A row is published before its job's completion is recorded: wait for both.
        const completed = (await services.jobs.boss.findJobs("media-ingest")).filter((j) => j.state === "completed");
        return (counts?.done ?? 0) === JOBS && completed.length === JOBS;
      },
      180_000,
      "every generation to be ingested and its job completed",
    );

    // Each generation was ingested by exactly one run, on its first attempt, and all workers took part.
    const runs = ingestRuns(workers);
    expect(runs).toHaveLength(JOBS);
    const perGeneration = new Map<string, number>();
    for (const run of runs) perGeneration.set(run.generationId, (perGeneration.get(run.generationId) ?? 0) + 1);
    expect([...perGeneration.keys()].sort()).toEqual([...ids].sort());
    expect([...perGeneration.values()].every((n) => n === 1)).toBe(true);
    expect(runs.every((r) => r.attempt === 1)).toBe(true);
    expect(new Set(runs.map((r) => r.pid))).toEqual(new Set(workers.map((w) => w.pid)));

    // The same from two independent witnesses: the file server saw one download per file, and pg-boss one job each.
    for (let i = 0; i < JOBS; i++) expect(files.hits(`/results/${i}.png`)).toBe(1);
    const jobs = await services.jobs.boss.findJobs("media-ingest");
    expect(jobs).toHaveLength(JOBS);
    expect(jobs.every((j) => j.state === "completed" && j.retryCount === 0)).toBe(true);

    for (const id of ids) {
      const row = await readGeneration(services.db, id);
      expect(row).toMatchObject({ status: "success", mediaStatus: "ready", mediaAttempts: 1, width: 512, height: 512 });
      expect((await referencedObjects(services.storage, row)).every((o) => o.exists)).toBe(true);
      expect(await objectNames(services.storage, USER_A, id)).toEqual(["original.png", "preview.webp", "thumb.webp"]);
    }
  }, 300_000);

  it("stops every worker cleanly on SIGTERM", async () => {
    for (const worker of workers) worker.signal("SIGTERM");
    const exits = await Promise.all(workers.map((w) => w.exited));
    expect(exits.every((e) => e.code === 0)).toBe(true);
  }, 60_000);
});
