import { webhookDeliveries } from "@lensroom/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { runSweep } from "../src/services/sweep";
import { USER_A, waitFor } from "./helpers";
import { startPipeline, type Pipeline } from "./pipeline-harness";

// Every fault the simulator can inject ends in a correct, repairable state, with nothing lost or duplicated.
describe("KIE faults", () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline();
  });
  afterAll(async () => pipeline?.stop());
  beforeEach(() => pipeline.simulator.faults.clear());

  const create = async (prompt: string, type: "photo" | "video" = "photo") => {
    const caller = await pipeline.callerFor(USER_A);
    const modelId = type === "photo" ? "google/imagen4" : "kling-2.6/text-to-video";
    return caller.studio.create({ type, modelId, prompt });
  };
  const simTask = (id: string) =>
    waitFor(async () => (await pipeline.row(id))?.taskId, 10_000, "the KIE task id").then((taskId) => () => pipeline.simulator.tasks.get(taskId));
  const objectsOf = async (userId: string, id: string) => (await pipeline.services.storage.list(`${userId}/${id}`)).map((e) => e.name).sort();

  it("late callback: still ends in success", async () => {
    pipeline.simulator.faults.set({ count: 1, callbackDelayMs: 2_500 });
    const created = await create("late callback");
    const task = await simTask(created.id);
    await waitFor(async () => task()?.state === "success", 10_000, "KIE to finish the task");
    expect(task()?.callbacks).toEqual([]); // its callback is still on its way
    expect((await pipeline.row(created.id))?.status).toBe("generating");
    expect((await pipeline.settled(created.id)).status).toBe("success");
  });

  it("duplicated callbacks: one ingest, one set of objects", async () => {
    pipeline.simulator.faults.set({ count: 1, callbackDuplicates: 6 });
    const created = await create("duplicated callback");
    const done = await pipeline.settled(created.id);
    expect(done.status).toBe("success");
    await waitFor(
      async () => {
        const d = await pipeline.services.db
          .select()
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.taskId, created.taskId ?? ""));
        return d.length >= 7;
      },
      10_000,
      "all duplicate deliveries",
    );
    expect(done.mediaAttempts).toBe(1);
    expect(await objectsOf(USER_A, created.id)).toEqual(["original.png", "preview.webp", "thumb.webp"]);
  });

  it("lost callback: the sweep heals it without anyone acting", async () => {
    pipeline.simulator.faults.set({ count: 1, callbackLost: true });
    const created = await create("lost callback");
    const task = await simTask(created.id);
    await waitFor(async () => task()?.callbacks.some((c) => c.lost), 10_000, "KIE to lose the callback");
    expect((await pipeline.row(created.id))?.status).toBe("generating");
    // As the next cron tick would see it, once the generation counts as stuck.
    const sweep = await runSweep(pipeline.services, new Date(Date.now() + 60_000));
    expect(sweep.queued).toBeGreaterThanOrEqual(1);
    expect((await pipeline.settled(created.id)).status).toBe("success");
  });

  it("out of order: a stale 'generating' after success changes nothing", async () => {
    pipeline.simulator.faults.set({ count: 1, staleAfterSuccess: true });
    const created = await create("stale generating");
    const done = await pipeline.settled(created.id);
    expect(done.status).toBe("success");
    const task = await simTask(created.id);
    await waitFor(async () => task()?.callbacks.some((c) => c.kind === "stale" && c.status === 200), 10_000, "the stale callback to be accepted");
    await waitFor(
      async () => {
        const deliveries = await pipeline.services.db
          .select()
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.taskId, created.taskId ?? ""));
        return deliveries.length >= 2 && deliveries.every((d) => d.processedAt !== null);
      },
      10_000,
      "the stale callback to be processed",
    );
    const after = await pipeline.row(created.id);
    expect(after?.status).toBe("success");
    expect(after?.assetUrl).toBe(done.assetUrl);
  });

  it("result URL expired: a fresh download link is fetched and the copy succeeds", async () => {
    pipeline.simulator.faults.set({ count: 1, resultTtlMs: 0 });
    const created = await create("expired link");
    expect((await pipeline.settled(created.id)).status).toBe("success");
  });

  it.each(["wrong", "missing"] as const)("result served with a %s Content-Type: type decided from the bytes", async (resultContentType) => {
    pipeline.simulator.faults.set({ count: 1, resultContentType });
    const created = await create(`content type ${resultContentType}`);
    const done = await pipeline.settled(created.id);
    expect(done.status).toBe("success");
    expect(done.assetMime).toBe("image/png");
  });

  it("oversized result: refused with a readable reason, nothing stored", async () => {
    pipeline.simulator.faults.set({ count: 1, oversizedBytes: 60_000_000 });
    const created = await create("oversized");
    const done = await pipeline.settled(created.id, 60_000);
    expect(done.status).toBe("failed");
    expect(done.mediaError).toMatch(/50|too large|limit/i);
    expect(done.errorCode).toBeNull();
    expect(await objectsOf(USER_A, created.id)).toEqual([]);
  });

  it("slow status endpoint: answered within the timeout, success", async () => {
    pipeline.simulator.faults.set({ count: 1, statusLatencyMs: 1_500 });
    const created = await create("slow status");
    expect((await pipeline.settled(created.id)).status).toBe("success");
  });

  it("status endpoint 5xx: bounded retries with backoff, then success", async () => {
    pipeline.simulator.faults.set({ count: 1, status5xx: { count: 2, as: "http503" } });
    const created = await create("flaky status");
    expect((await pipeline.settled(created.id)).status).toBe("success");
  });

  it("creates beyond KIE's 20 per 10 s: the client paces them, none refused", async () => {
    const caller = await pipeline.callerFor(USER_A);
    const created = await Promise.all(
      Array.from({ length: 24 }, (_, i) => caller.studio.create({ type: "photo", modelId: "google/imagen4", prompt: `burst ${i}` })),
    );
    expect(created.filter((c) => c.status === "failed")).toEqual([]);
    expect(new Set(created.map((c) => c.taskId)).size).toBe(24);
  }, 60_000);
});
