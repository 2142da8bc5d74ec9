import { generations, webhookDeliveries } from "@lensroom/db";
import { inArray, sql } from "drizzle-orm";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { runSweep } from "../../src/services/sweep";
import { USER_A, waitFor } from "../helpers";
import { startPipeline, type Pipeline } from "../pipeline-harness";
import { auditBucket } from "./end-state";
import { FAULT_SIZES, faultTimeout } from "./fault-sizes";

const N = FAULT_SIZES.lostCallbackGenerations;

// KIE loses 30% of its callbacks (and never retries a callback it did not send). Nobody polls: only the sweep, run
// the way the cron runs it, notices the stuck generations and re-syncs them.
describe(`fault: 30% of callbacks lost over ${N} generations`, () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline();
  });
  afterAll(async () => pipeline?.stop());

  it(
    "every generation still reaches its preview, the lost ones through the sweep",
    async () => {
      const { services, simulator } = pipeline;
      simulator.faults.set({ callbackLost: 0.3 });
      // The first task always loses its callback, so the sweep path is exercised even on a lucky draw.
      simulator.faults.set({ count: 1, callbackLost: true });
      const caller = await pipeline.callerFor(USER_A);
      const created = await Promise.all(
        Array.from({ length: N }, (_, i) => caller.studio.create({ type: "photo", modelId: "google/imagen4", prompt: `lost callbacks ${i}` })),
      );
      const taskIds = created.map((c) => c.taskId ?? "");
      expect(taskIds.every(Boolean)).toBe(true);

      // Let KIE finish everything and deliver what it delivers.
      await waitFor(async () => taskIds.every((t) => simulator.tasks.get(t)?.state === "success"), 60_000, "KIE to finish every task");
      const lost = taskIds.filter((t) => simulator.tasks.get(t)?.callbacks.some((c) => c.lost));
      expect(lost.length).toBeGreaterThanOrEqual(1);
      const ready = async () =>
        services.db
          .select({ id: generations.id, taskId: generations.taskId })
          .from(generations)
          .where(sql`${generations.status} = 'success' and ${generations.mediaStatus} = 'ready'`);
      await waitFor(async () => (await ready()).length >= N - lost.length, 60_000, "the delivered callbacks to be ingested");
      const beforeSweep = new Set((await ready()).map((r) => r.taskId));
      // Without a sweep the lost ones stay where KIE left them: nothing else would ever look at them.
      expect(lost.filter((t) => beforeSweep.has(t))).toEqual([]);

      // The cron, as it would run once the lost generations count as stuck (now + 10 min).
      let sweeps = 0;
      const deadline = Date.now() + 90_000;
      while ((await ready()).length < N) {
        if (Date.now() > deadline) throw new Error(`only ${(await ready()).length} of ${N} ready after ${sweeps} sweeps`);
        await runSweep(services, new Date(Date.now() + 10 * 60_000));
        sweeps++;
        await sleep(1_000);
      }

      const rows = await services.db
        .select()
        .from(generations)
        .where(
          inArray(
            generations.id,
            created.map((c) => c.id),
          ),
        );
      expect(rows).toHaveLength(N);
      for (const row of rows) {
        expect(row).toMatchObject({ status: "success", mediaStatus: "ready", mediaAttempts: 1, errorCode: null });
        expect(row.previewPath && (await services.storage.exists(row.previewPath))).toBe(true);
        expect(row.thumbnailPath && (await services.storage.exists(row.thumbnailPath))).toBe(true);
      }
      // The lost tasks never reached the webhook; the sweep's syncs healed them.
      const lostDeliveries = await services.db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.taskId, lost));
      expect(lostDeliveries).toEqual([]);
      const sweepSyncs = await services.jobs.boss.findJobs<{ taskId: string }>("kie-sync", { data: { reason: "sweep" } });
      const sweptTasks = new Set(sweepSyncs.map((job) => job.data.taskId));
      expect(lost.filter((t) => !sweptTasks.has(t))).toEqual([]);
      const audit = await auditBucket(services.db, services.storage);
      expect(audit.dangling).toEqual([]);
      expect(audit.orphans).toEqual([]);
      console.log(`[faults] ${lost.length} of ${N} callbacks lost; healed by ${sweeps} sweep run(s)`);
    },
    faultTimeout(150_000, 400_000),
  );
});
