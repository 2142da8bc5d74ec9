import { generations } from "@lensroom/db";
import { parseObjectPath } from "@lensroom/storage";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startWorkers } from "../../src/jobs/worker";
import { UPLOAD_TRIES } from "../../src/services/upload-with-retry";
import { USER_A, waitFor } from "../helpers";
import { startPipeline, type Pipeline } from "../pipeline-harness";
import { auditBucket, EXPECTED_PHOTO_OBJECTS, jobsOf, shortenRetryDelays } from "./end-state";
import { FAULT_SIZES, faultTimeout } from "./fault-sizes";
import { flakyStorage } from "./flaky-storage";

const N = FAULT_SIZES.flakyStorageGenerations;

// The bucket refuses half of all uploads (transient 503s). Each upload retries a few times itself; when those run
// out, the ingest fails and the job engine retries it (the product's attempt count; delays shortened for the test).
// The first object uploaded is refused once more than an upload retries, so that second layer is always exercised,
// not only when the dice happen to refuse one object four times in a row. Every generation must end copied, and no
// row may ever name an object that is not there.
describe(`fault: storage failing 50% of uploads over ${N} generations`, () => {
  let pipeline: Pipeline;
  let workers: Awaited<ReturnType<typeof startWorkers>> | null = null;
  let flaky: ReturnType<typeof flakyStorage>;
  beforeAll(async () => {
    pipeline = await startPipeline({ workers: false });
    await shortenRetryDelays(pipeline.services.jobs.boss, 1);
    flaky = flakyStorage(pipeline.services.storage, 0.5, { firstPathStreak: UPLOAD_TRIES });
    workers = await startWorkers({ ...pipeline.services, storage: flaky.driver }, { concurrency: 2 });
  });
  afterAll(async () => {
    await workers?.stop().catch(() => undefined);
    await pipeline?.stop();
  });

  it(
    "retries, then all succeed; no row points at an object that does not exist",
    async () => {
      const { services } = pipeline;
      const caller = await pipeline.callerFor(USER_A);
      const created = await Promise.all(
        Array.from({ length: N }, (_, i) => caller.studio.create({ type: "photo", modelId: "google/imagen4", prompt: `flaky storage ${i}` })),
      );
      const ids = created.map((c) => c.id);
      const rows = await waitFor(
        async () => {
          const current = await services.db.select().from(generations).where(inArray(generations.id, ids));
          // Settled: published, or given up on (which must not happen, but must end the wait).
          return current.every((r) => (r.status === "success" && r.mediaStatus === "ready") || r.status === "failed" || r.mediaStatus === "failed")
            ? current
            : null;
        },
        faultTimeout(180_000, 400_000),
        "every generation to settle",
      );
      const given_up = rows
        .filter((r) => r.status !== "success" || r.mediaStatus !== "ready")
        .map((r) => `${r.id}: ${r.status}/${r.mediaStatus} after ${r.mediaAttempts} attempts: ${r.mediaError}`);
      const audit = await auditBucket(services.db, services.storage);
      console.log(
        `[faults] ${flaky.stats.failed} of ${flaky.stats.uploads} uploads failed; attempts per generation ${rows.map((r) => r.mediaAttempts).join(",")}; ${given_up.length} gave up`,
      );
      expect(audit.dangling).toEqual([]);
      expect(audit.orphans).toEqual([]);
      expect(given_up).toEqual([]);
      for (const row of rows) expect((await services.storage.list(`${USER_A}/${row.id}`)).map((e) => e.name)).toEqual(EXPECTED_PHOTO_OBJECTS);
      expect(flaky.stats.failed).toBeGreaterThan(0);
      const streakGenerationId = flaky.stats.streakPath && parseObjectPath(flaky.stats.streakPath).generationId;
      const streakRow = rows.find((r) => r.id === streakGenerationId);
      expect(streakRow?.mediaAttempts).toBeGreaterThan(1); // its upload's own retries ran out: the job engine retried
      const jobs = await jobsOf(services.jobs.boss, "media-ingest");
      expect(jobs.filter((j) => j.state === "failed")).toEqual([]);
    },
    faultTimeout(240_000, 500_000),
  );
});
