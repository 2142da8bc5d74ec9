import { generations } from "@lensroom/db";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { healthReport } from "../src/services/admin/health-report";
import { UPSTREAM_EXPIRY_MESSAGES } from "../src/services/expire-upstream";
import { GIVE_UP_AFTER_MS, NO_RESULT_MESSAGE } from "../src/services/give-up";
import { runSweep } from "../src/services/sweep";
import { USER_A, waitFor } from "./helpers";
import { startPipeline, type Pipeline } from "./pipeline-harness";

// KIE's documented replies that our first reading got wrong, spoken by the simulator and taken through the real
// webhook, sync, sweep and library: every one ends in a truthful state with KIE's reason.
describe("KIE as it really answers, end to end", () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline();
  });
  afterAll(async () => pipeline?.stop());
  beforeEach(() => pipeline.simulator.faults.clear());

  const create = async (modelId: string, type: "photo" | "video" = "photo") =>
    (await pipeline.callerFor(USER_A)).studio.create({ type, modelId, prompt: `a ${modelId} test` });
  const libraryItem = async (id: string) => {
    const page = await (await pipeline.callerFor(USER_A)).library.list({ limit: 48 });
    return page.items.find((item) => item.id === id);
  };

  it("an envelope 501 on the record read (Market) fails the generation with KIE's reason, once", async () => {
    pipeline.simulator.faults.set({ count: 1, recordFailure: { code: 501, msg: "Generation Failed" } });
    const created = await create("google/imagen4");
    const done = await pipeline.settled(created.id);
    expect(done).toMatchObject({ status: "failed", errorCode: "501", errorMessage: "Generation Failed", assetUrl: null });
    expect(await libraryItem(created.id)).toMatchObject({ status: "failed", failureReason: "Generation Failed", canResync: false });
  });

  it("a 400 on a Veo record read (prompt flagged) shows the content-policy message", async () => {
    pipeline.simulator.faults.set({ count: 1, recordFailure: { code: 400, msg: "Your prompt was flagged by the content policy" } });
    const created = await create("veo3_fast", "video");
    expect(await pipeline.settled(created.id)).toMatchObject({
      status: "failed",
      errorCode: "400",
      errorMessage: "Your prompt was flagged by the content policy",
    });
  });

  it("a 451 on a Runway record read (input image) is a failure with its reason", async () => {
    pipeline.simulator.faults.set({ count: 1, recordFailure: { code: 451, msg: "Failed to fetch the image" } });
    const created = await create("runway-gen4", "video");
    expect(await pipeline.settled(created.id)).toMatchObject({ status: "failed", errorCode: "451", errorMessage: "Failed to fetch the image" });
  });

  it("a success whose resultJson cannot be read is never stored as success: re-read, then failed", async () => {
    pipeline.simulator.faults.set({ count: 1, emptyResult: { variant: "malformedJson" } });
    const created = await create("google/imagen4");
    const done = await pipeline.settled(created.id, 60_000);
    expect(done).toMatchObject({ status: "failed", errorCode: "kie_no_result", errorMessage: NO_RESULT_MESSAGE, emptyResultReads: 2, assetUrl: null });
  }, 90_000);

  it("a success that is empty on the first read only ends in success with media", async () => {
    pipeline.simulator.faults.set({ count: 1, emptyResult: { variant: "nullResponse", reads: 1 } });
    const created = await create("gpt-4o-image");
    const done = await pipeline.settled(created.id, 60_000);
    expect(done).toMatchObject({ status: "success", mediaStatus: "ready", emptyResultReads: 0 });
  }, 90_000);

  it("Runway's expireFlag ends the generation expired upstream, keeping no dead link", async () => {
    pipeline.simulator.faults.set({ count: 1, resultGone: { status: 410 } });
    const created = await create("runway-gen4", "video");
    const done = await pipeline.settled(created.id);
    expect(done).toMatchObject({
      status: "expired",
      errorCode: "kie_result_expired",
      errorMessage: UPSTREAM_EXPIRY_MESSAGES.kie_result_expired,
      resultUrls: null,
    });
    expect(await libraryItem(created.id)).toMatchObject({ status: "expired", noPreviewReason: "expired", canResync: false });
  });

  it("a task KIE never finishes stops being polled past its bound: the sweep ends it failed with the reason", async () => {
    pipeline.simulator.faults.set({ count: 1, neverFinish: true });
    const created = await create("google/imagen4");
    await waitFor(async () => (await pipeline.row(created.id))?.status === "generating", 10_000, "the task to be generating");
    // As the sweep sees it once the market bound has passed.
    const past = new Date(Date.now() - GIVE_UP_AFTER_MS.market - 60_000);
    await pipeline.services.db.update(generations).set({ createdAt: past, updatedAt: past }).where(eq(generations.id, created.id));
    await runSweep(pipeline.services);
    const done = await pipeline.settled(created.id);
    expect(done).toMatchObject({ status: "failed", errorCode: "kie_gave_up" });
    expect(done.errorMessage).toContain("did not finish this task within 30 minutes");
    const before = done.syncAttempts;
    await runSweep(pipeline.services, new Date(Date.now() + 3_600_000));
    expect((await pipeline.row(created.id))?.syncAttempts).toBe(before);
    // Staff see how many ended that way.
    const report = await healthReport(pipeline.services);
    expect(report.failedReasons).toContainEqual({ code: "kie_gave_up", reason: null, count: 1 });
  });

  it("a create answered with a bare 429 envelope backs off and succeeds; a bare 402 says credits", async () => {
    pipeline.simulator.faults.set({ bareEnvelope: { on: "create", code: 429, msg: "Rate limit exceeded", count: 1 } });
    const retried = await create("google/imagen4");
    expect((await pipeline.settled(retried.id)).status).toBe("success");
    pipeline.simulator.faults.set({ bareEnvelope: { on: "create", code: 402, msg: "Credits insufficient", count: 1 } });
    const refused = await create("google/imagen4");
    const [newest] = await pipeline.services.db.select().from(generations).orderBy(desc(generations.createdAt)).limit(1);
    // The studio answers with the failed generation: its code words it for the user, KIE's message stays under it.
    expect(refused).toMatchObject({ status: "failed", errorCode: "kie_insufficient_credits" });
    expect(newest).toMatchObject({ status: "failed", errorCode: "kie_insufficient_credits", errorMessage: expect.stringMatching(/credits insufficient/i) });
  });
});
