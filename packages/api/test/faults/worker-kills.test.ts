import { setTimeout as sleep } from "node:timers/promises";

import { generations } from "@lensroom/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { createTestServices, TEST_SECRETS } from "../../src/testing";
import { insertFinishedGeneration } from "../fixtures/generation-rows";
import { colourfulPng } from "../fixtures/media-files";
import { ingestRuns, ingestStartOf, isIngestEndFor, READY_LINE, startWorkerProcess, workerEnv, type WorkerProcess } from "../fixtures/worker-processes";
import { USER_A, waitFor } from "../helpers";
import { auditBucket, EXPECTED_PHOTO_OBJECTS, jobsOf, leftoverTempFiles, shortenRetryDelays } from "./end-state";
import { FAULT_SIZES, faultTimeout } from "./fault-sizes";
import { startSlowFileServer } from "./slow-file-server";

const INGESTS = FAULT_SIZES.killIngests;
const KILLS = FAULT_SIZES.kills;
// A killed worker's job comes back after expiry (+ 1 s maintenance) and the shortened first retry delay (1-2 s).
const EXPIRE_SECONDS = 8;
const DOWNLOAD_MS = 1_000;

interface Kill {
  pid: number;
  generationId: string;
  afterMs: number;
  /** The killed run had not logged its outcome: the kill landed inside the ingest. */
  midIngest: boolean;
}

// Two real worker processes run a batch of ingests while the test SIGKILLs whichever one just started a job, at a
// random moment inside it (mid-download, mid-derive, mid-upload or just after publishing), and starts a replacement.
describe(`fault: ${KILLS} SIGKILLs during a batch of ${INGESTS} ingests`, () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let files: Awaited<ReturnType<typeof startSlowFileServer>>;
  const everyWorker: WorkerProcess[] = [];

  const startWorker = () => {
    const worker = startWorkerProcess(
      workerEnv({
        databaseUrl: env.services.env.DATABASE_URL,
        storageDir: env.storageDir,
        kieBaseUrl: "http://127.0.0.1:9",
        secrets: TEST_SECRETS,
        extra: { LENSROOM_WORKER_CONCURRENCY: "1", LENSROOM_JOB_EXPIRE_SECONDS: String(EXPIRE_SECONDS), LENSROOM_JOB_MAINTENANCE_SECONDS: "1" },
      }),
    );
    everyWorker.push(worker);
    return worker;
  };

  beforeAll(async () => {
    env = await createTestServices({
      adminUrl: inject("pgAdminUrl"),
      template: inject("pgTemplate"),
      kieBaseUrl: "http://127.0.0.1:9",
      env: { LENSROOM_JOB_EXPIRE_SECONDS: String(EXPIRE_SECONDS) },
    });
    await shortenRetryDelays(env.services.jobs.boss, 1, EXPIRE_SECONDS);
    files = await startSlowFileServer(await colourfulPng(1024), "image/png", DOWNLOAD_MS);
  });
  afterAll(async () => {
    for (const worker of everyWorker) worker.kill();
    await Promise.all(everyWorker.map((w) => w.exited));
    await files?.close();
    await env?.services.close();
  });

  it(
    "all finish, no row points at a missing object, exactly the expected objects per generation",
    async () => {
      const { services } = env;
      const ids: string[] = [];
      for (let i = 0; i < INGESTS; i++) ids.push(await insertFinishedGeneration(services.db, { userId: USER_A, urls: [files.url(`${i}.png`)] }));
      for (const generationId of ids) expect(await services.jobs.send("media-ingest", { generationId })).toBeTruthy();

      let live = [startWorker(), startWorker()];
      await Promise.all(live.map((w) => w.waitForLine(READY_LINE, 90_000)));
      const cursor = new Map<WorkerProcess, number>(live.map((w) => [w, w.lines.length]));
      const readyCount = async () => {
        const [r] = await services.db.execute<{ n: number }>(
          sql`select count(*)::int as n from generations where status = 'success' and media_status = 'ready'`,
        );
        return r?.n ?? 0;
      };

      const kills: Kill[] = [];
      while (kills.length < KILLS) {
        // The next job any live worker starts is the victim.
        const nextStart = async () => {
          const deadline = Date.now() + 90_000;
          for (;;) {
            if (Date.now() > deadline) throw new Error(`no ingest started within 90 s (kills so far: ${kills.length}, ready: ${await readyCount()})`);
            for (const worker of live) {
              const from = cursor.get(worker) ?? 0;
              const lines = worker.lines.slice(from);
              cursor.set(worker, worker.lines.length);
              const index = lines.findIndex((line) => ingestStartOf(line) !== null);
              if (index >= 0) return { worker, generationId: ingestStartOf(lines[index] ?? "")?.generationId ?? "", lineIndex: from + index };
            }
            await sleep(20);
          }
        };
        const victim = await nextStart();
        const afterMs = Math.floor(Math.random() * (DOWNLOAD_MS * 1.6));
        await sleep(afterMs); // under test: a kill at a random moment of the ingest
        const { worker, generationId, lineIndex } = victim;
        const finished = worker.lines.slice(lineIndex + 1).some((line) => isIngestEndFor(line, generationId));
        worker.kill();
        await worker.exited;
        kills.push({ pid: worker.pid, generationId, afterMs, midIngest: !finished });
        const replacement = startWorker();
        cursor.set(replacement, 0);
        live = [...live.filter((w) => w !== worker), replacement];
      }

      await waitFor(async () => (await readyCount()) === INGESTS, faultTimeout(180_000, 400_000), "every ingest to finish");
      await waitFor(
        async () => (await jobsOf(services.jobs.boss, "media-ingest")).every((j) => j.state === "completed"),
        30_000,
        "every media-ingest job to complete",
      );

      // Every generation published once, pointing only at objects that exist, with exactly its three objects.
      const rows = await services.db.select().from(generations);
      expect(rows).toHaveLength(INGESTS);
      const runs = ingestRuns(everyWorker);
      for (const row of rows) {
        expect(row).toMatchObject({ status: "success", mediaStatus: "ready", width: 1024, height: 1024 });
        expect((await services.storage.list(`${USER_A}/${row.id}`)).map((e) => e.name)).toEqual(EXPECTED_PHOTO_OBJECTS);
        expect(row.outputPaths).toEqual([`${USER_A}/${row.id}/original.png`]);
        const runsOfRow = runs.filter((r) => r.generationId === row.id).length;
        expect(row.mediaAttempts).toBeGreaterThanOrEqual(1);
        expect(row.mediaAttempts).toBeLessThanOrEqual(runsOfRow);
      }
      const audit = await auditBucket(services.db, services.storage);
      expect(audit.dangling).toEqual([]);
      expect(audit.orphans).toEqual([]);

      // One job per generation (stately), each completed; the interrupted ones were retried, not duplicated.
      const jobs = await jobsOf(services.jobs.boss, "media-ingest");
      expect(jobs).toHaveLength(INGESTS);
      expect(new Set(jobs.map((j) => j.key))).toEqual(new Set(ids));
      const outcomes = jobs.map((j) => (j.output as { outcome?: string } | null)?.outcome);
      expect(outcomes.every((o) => o === "ingested" || o === "already_done")).toBe(true);
      const midIngest = kills.filter((k) => k.midIngest);
      expect(midIngest.length).toBeGreaterThanOrEqual(1);
      const retried = jobs.filter((j) => j.retry_count > 0).map((j) => j.key);
      for (const kill of midIngest) expect(retried).toContain(kill.generationId);

      const temps = await leftoverTempFiles(env.storageDir);
      console.log(
        `[faults] ${kills.length} kills (${midIngest.length} inside an ingest, at ${kills.map((k) => `${k.afterMs} ms`).join(", ")}); ` +
          `${runs.length} runs for ${INGESTS} ingests; ${retried.length} jobs retried; outcomes ${JSON.stringify(countBy(outcomes))}; ` +
          `${temps.length} hidden temp file(s) left by killed writers`,
      );
    },
    faultTimeout(240_000, 600_000),
  );
});

function countBy(values: Array<string | undefined>) {
  const counts: Record<string, number> = {};
  for (const v of values) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
  return counts;
}
