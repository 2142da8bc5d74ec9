import { generations, webhookDeliveries } from "@lensroom/db";
import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { USER_A, waitFor } from "../helpers";
import { startPipeline, type Pipeline } from "../pipeline-harness";
import { auditBucket, EXPECTED_PHOTO_OBJECTS, jobsOf } from "./end-state";
import { FAULT_SIZES, faultTimeout } from "./fault-sizes";
import { createKieLikeSender } from "./kie-like-sender";

const N = FAULT_SIZES.duplicateCallbacks;

// A burst of identical, correctly signed callbacks for one finished task, all in flight at once over real HTTP:
// every one is stored (the audit log), the stately queues collapse the work, and exactly one ingest copies the files.
describe(`fault: ${N} concurrent duplicate callbacks for one task`, () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline();
  });
  afterAll(async () => pipeline?.stop());

  it(
    "one ingest, one set of objects, every delivery stored and processed",
    async () => {
      const { services, simulator } = pipeline;
      // KIE's own callback is dropped so that every delivery the webhook sees is one of ours.
      simulator.faults.set({ count: 1, callbackLost: true });
      const caller = await pipeline.callerFor(USER_A);
      const created = await caller.studio.create({ type: "photo", modelId: "google/imagen4", prompt: "duplicate storm" });
      const taskId = created.taskId ?? "";
      expect(taskId).not.toBe("");
      await waitFor(async () => simulator.tasks.get(taskId)?.state === "success", 30_000, "KIE to finish the task");

      // All N at once, each sent the way KIE sends (a non-2xx answer is retried with backoff). A burst beyond what
      // the pool can store within the webhook's deadline is answered 503 and retried, never 500, never dropped.
      const sender = createKieLikeSender(pipeline.webhookUrl, { timeoutMs: 15_000 });
      const started = performance.now();
      const delivered = await Promise.all(Array.from({ length: N }, (_, i) => sender.deliver(taskId, `dup-${i}`)));
      const burstMs = performance.now() - started;
      expect(delivered.every(Boolean)).toBe(true);
      const byStatus = new Map<string, number>();
      for (const a of sender.attempts) byStatus.set(String(a.status ?? a.error), (byStatus.get(String(a.status ?? a.error)) ?? 0) + 1);
      expect([...byStatus.keys()].filter((s) => s !== "200" && s !== "503")).toEqual([]);
      expect(byStatus.get("200")).toBe(N);

      const row = await waitFor(
        async () => {
          const [r] = await services.db.select().from(generations).where(eq(generations.id, created.id));
          return r?.status === "success" && r.mediaStatus === "ready" ? r : null;
        },
        60_000,
        "the generation to be published",
      );
      // Every delivery stored, and each one marked processed by a sync (none left for the sweep).
      await waitFor(
        async () => {
          const [left] = await services.db
            .select({ n: sql<number>`count(*)::int` })
            .from(webhookDeliveries)
            .where(and(eq(webhookDeliveries.taskId, taskId), isNull(webhookDeliveries.processedAt)));
          return left?.n === 0;
        },
        30_000,
        "every delivery to be processed",
      );
      // Every delivery stored (one answered 503 may also have been stored late: at least once, never lost).
      const deliveries = await services.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.taskId, taskId));
      const nonces = new Set(deliveries.map((d) => (JSON.parse(d.body) as { data?: { nonce?: string } }).data?.nonce));
      expect(Array.from({ length: N }, (_, i) => `dup-${i}`).filter((n) => !nonces.has(n))).toEqual([]);
      expect(deliveries.length).toBeGreaterThanOrEqual(N);
      expect(deliveries.every((d) => d.verdict === "accepted" || d.verdict === "duplicate")).toBe(true);
      expect(deliveries.every((d) => d.generationId === created.id && d.authScheme === "hmac")).toBe(true);

      // One ingest: one attempt on the row, one media-ingest job that did the work (a second queued one may exist
      // only as a no-op "already_done"), and the same three objects.
      expect(row.mediaAttempts).toBe(1);
      // The row is published before pg-boss marks the job complete: wait for the queue to go quiet.
      const settledJobs = async (queue: string) =>
        waitFor(
          async () => {
            const jobs = await jobsOf(services.jobs.boss, queue);
            return jobs.every((j) => j.state === "completed") ? jobs : null;
          },
          30_000,
          `${queue} jobs to complete`,
        );
      const ingests = await settledJobs("media-ingest");
      const outcomes = ingests.map((j) => (j.output as { outcome?: string } | null)?.outcome);
      expect(outcomes.filter((o) => o === "ingested")).toHaveLength(1);
      expect(outcomes.every((o) => o === "ingested" || o === "already_done")).toBe(true);
      expect((await services.storage.list(`${USER_A}/${created.id}`)).map((e) => e.name)).toEqual(EXPECTED_PHOTO_OBJECTS);
      const audit = await auditBucket(services.db, services.storage);
      expect(audit.dangling).toEqual([]);
      expect(audit.orphans).toEqual([]);

      // The stately kie-sync queue collapsed N deliveries into a handful of syncs (at most one waiting at a time).
      const syncs = await settledJobs("kie-sync");
      expect(syncs.length).toBeLessThanOrEqual(Math.max(10, N / 10));
      console.log(
        `[faults] ${N} duplicate callbacks in ${burstMs.toFixed(0)} ms (${JSON.stringify(Object.fromEntries(byStatus))} answers, p99 reply ${percentile(
          sender.attempts.map((r) => r.ms),
          0.99,
        ).toFixed(0)} ms, ${deliveries.length} stored): ` + `${syncs.length} kie-sync jobs, ${ingests.length} media-ingest jobs (${outcomes.join(", ")})`,
      );
    },
    faultTimeout(120_000, 300_000),
  );
});

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}
