import { generations, webhookDeliveries } from "@lensroom/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { USER_A, waitFor } from "./helpers";
import { startPipeline, type Pipeline } from "./pipeline-harness";

// Every API family round-trips: create (family's own request) → signed callback (family's own shape) → sync
// (family's own status endpoint) → ingest.
describe.each([
  { family: "market", modelId: "google/imagen4", type: "photo" as const, mime: /^image\// },
  { family: "market", modelId: "kling-2.6/text-to-video", type: "video" as const, mime: /^video\/mp4$/ },
  { family: "gpt4o", modelId: "gpt-4o-image", type: "photo" as const, mime: /^image\// },
  { family: "flux", modelId: "flux-kontext-pro", type: "photo" as const, mime: /^image\// },
  { family: "veo", modelId: "veo3_fast", type: "video" as const, mime: /^video\/mp4$/ },
  { family: "runway", modelId: "runway-gen4", type: "video" as const, mime: /^video\/mp4$/ },
])("KIE family $family ($modelId)", ({ family, modelId, type, mime }) => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline();
  });
  afterAll(async () => pipeline?.stop());

  it("ends in success with our copy and previews", async () => {
    const caller = await pipeline.callerFor(USER_A);
    const created = await caller.studio.create({ type, modelId, prompt: `a ${family} test of a quiet harbour` });
    expect(created.status).toBe("generating");

    const done = await waitFor(
      async () => {
        const [item] = await caller.library.byIds({ ids: [created.id] });
        return item?.status === "success" && item.mediaStatus === "ready" ? item : null;
      },
      45_000,
      `${family} generation`,
    );
    expect(done.assetMime).toMatch(mime);
    expect(done.thumbnailUrl).toMatch(/thumb\.webp\?v=\d+$/);

    const [row] = await pipeline.services.db.select().from(generations).where(eq(generations.id, created.id));
    expect(row?.kieFamily).toBe(family);
    expect(row?.resultUrls?.length).toBeGreaterThan(0);
    const deliveries = await pipeline.services.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.taskId, created.taskId ?? ""));
    expect(deliveries.map((d) => d.verdict)).toContain("accepted");
    expect(deliveries.every((d) => d.authScheme === "hmac")).toBe(true);
  });

  it("records KIE's failure reason in the family's fail shape", async () => {
    pipeline.simulator.faults.set({ count: 1, fail: { code: 400, message: "Your content was flagged by the safety system" } });
    const caller = await pipeline.callerFor(USER_A);
    const created = await caller.studio.create({ type, modelId, prompt: "something the simulator will refuse" });
    const failed = await waitFor(
      async () => {
        const [item] = await caller.library.byIds({ ids: [created.id] });
        return item?.status === "failed" ? item : null;
      },
      30_000,
      `${family} failure`,
    );
    expect(failed.failureReason).toContain("flagged");
    expect(failed.noPreviewReason).toBe("failed");
  });
});
