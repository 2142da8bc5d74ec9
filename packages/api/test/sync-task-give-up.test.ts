import { generations } from "@lensroom/db";
import { KieApiError, type KieTaskStatus } from "@lensroom/kie";
import { startKieSimulator } from "@lensroom/kie-simulator";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";

import { kieCallbackUrl } from "../src/services/callback-url";
import { EMPTY_SUCCESS_READS, GIVE_UP_AFTER_MS, GIVE_UP_AFTER_SYNCS, NO_RESULT_MESSAGE } from "../src/services/give-up";
import { syncTask } from "../src/services/sync-task";
import { createTestServices, TEST_SECRETS } from "../src/testing";
import { generationOfTask, insertAgedGeneration } from "./generation-rows";
import { waitFor } from "./helpers";

const MINUTE = 60_000;

// KIE can keep a task "generating" forever, answer nothing but errors, or report success with nothing to copy: none
// of these may keep a generation polled forever or stored as a success without media.
describe("syncTask: the give-up and success-means-media bounds", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let simulator: Awaited<ReturnType<typeof startKieSimulator>>;

  beforeAll(async () => {
    // Renders take 10 minutes here: every task stays "generating" for the whole file.
    simulator = await startKieSimulator({ port: 0, apiKey: TEST_SECRETS.KIE_API_KEY, renderDelayMs: 10 * MINUTE });
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: simulator.url });
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    await env?.services.close();
    await simulator?.close();
  });

  /** A generation of a real (still rendering) simulator task, made `ageMs` ago. */
  async function generation(ageMs: number, values: Partial<typeof generations.$inferInsert> = {}) {
    const { taskId } = await env.services.kie.createTask({
      family: "market",
      model: "google/imagen4",
      prompt: "a lighthouse",
      callBackUrl: kieCallbackUrl(env.services.env),
    });
    await insertAgedGeneration(env.services.db, taskId, ageMs, values);
    return taskId;
  }
  const read = (taskId: string) => generationOfTask(env.services.db, taskId);

  it("keeps asking within the family's bound", async () => {
    const taskId = await generation(MINUTE);
    expect(await syncTask(env.services, taskId)).toMatchObject({ outcome: "pending" });
    expect(await read(taskId)).toMatchObject({ status: "generating", errorCode: null });
  });

  it("gives up on a task KIE still calls generating past the bound, with the reason", async () => {
    const taskId = await generation(GIVE_UP_AFTER_MS.market + MINUTE);
    const outcome = await syncTask(env.services, taskId);
    expect(outcome).toMatchObject({ outcome: "failed" });
    expect(await read(taskId)).toMatchObject({ status: "failed", errorCode: "kie_gave_up", errorMessage: expect.stringContaining("within 30 minutes") });
    // A given-up row is final: a late sync changes nothing.
    expect(await syncTask(env.services, taskId)).toEqual({ outcome: "up_to_date" });
    expect((await read(taskId)).status).toBe("failed");
  });

  it("gives up after as many syncs, whatever the age", async () => {
    const taskId = await generation(MINUTE, { syncAttempts: GIVE_UP_AFTER_SYNCS });
    expect(await syncTask(env.services, taskId)).toMatchObject({ outcome: "failed" });
    expect(await read(taskId)).toMatchObject({ status: "failed", errorCode: "kie_gave_up" });
  });

  it("gives up when KIE answers only errors for twice the bound, and rethrows before that", async () => {
    const broken = new KieApiError({ code: 500, kind: "server", retryable: true, message: "KIE server error" });
    vi.spyOn(env.services.kie, "getTaskStatus").mockRejectedValue(broken);
    const young = await generation(GIVE_UP_AFTER_MS.market + MINUTE);
    await expect(syncTask(env.services, young)).rejects.toBe(broken);
    const old = await generation(2 * GIVE_UP_AFTER_MS.market + MINUTE);
    expect(await syncTask(env.services, old)).toMatchObject({ outcome: "failed" });
    expect(await read(old)).toMatchObject({ status: "failed", errorCode: "kie_gave_up" });
  });

  it("re-reads a success without a result a bounded number of times, then fails it with KIE's words", async () => {
    const taskId = await generation(MINUTE);
    const empty: KieTaskStatus = {
      taskId,
      family: "market",
      state: "success",
      resultUrls: [],
      coverUrl: null,
      failCode: null,
      failMessage: null,
      completedAt: new Date(),
      raw: {},
    };
    vi.spyOn(env.services.kie, "getTaskStatus").mockResolvedValue(empty);
    const sent = vi.spyOn(env.services.jobs, "send");
    for (let read = 1; read < EMPTY_SUCCESS_READS; read++) {
      expect(await syncTask(env.services, taskId)).toEqual({ outcome: "pending", state: "generating" });
      // The re-read is queued, spaced, not left to chance.
      expect(sent).toHaveBeenLastCalledWith("kie-sync", { taskId, reason: "sweep" }, { startAfter: 10 * read });
    }
    expect((await read(taskId)).emptyResultReads).toBe(EMPTY_SUCCESS_READS - 1);
    expect(await syncTask(env.services, taskId)).toEqual({ outcome: "failed", failMessage: NO_RESULT_MESSAGE });
    expect(await read(taskId)).toMatchObject({
      status: "failed",
      errorCode: "kie_no_result",
      errorMessage: NO_RESULT_MESSAGE,
      resultUrls: null,
      assetUrl: null,
    });
  });

  it("stores the success once a re-read carries the result", async () => {
    const taskId = await generation(MINUTE);
    const real = env.services.kie.getTaskStatus.bind(env.services.kie);
    let reads = 0;
    vi.spyOn(env.services.kie, "getTaskStatus").mockImplementation(async (family, id) => {
      const status = await real(family, id);
      reads++;
      return reads === 1
        ? { ...status, state: "success", resultUrls: [], completedAt: new Date() }
        : { ...status, state: "success", resultUrls: [`${simulator.url}/files/x.png`], completedAt: new Date() };
    });
    expect(await syncTask(env.services, taskId)).toEqual({ outcome: "pending", state: "generating" });
    expect(await syncTask(env.services, taskId)).toEqual({ outcome: "ingest_queued" });
    await waitFor(async () => (await read(taskId)).kieState === "success", 5_000, "the stored success");
    expect(await read(taskId)).toMatchObject({ emptyResultReads: 0, resultUrls: [`${simulator.url}/files/x.png`] });
  });
});
