import { startKieSimulator, type KieSimulator } from "@lensroom/kie-simulator";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createKieClient, type KieClient } from "../src/client";
import { KieApiError } from "../src/errors";
import type { KieCreateTaskSpec } from "../src/families/index";
import type { KieFamily } from "../src/families";
import type { KieTaskStatus } from "../src/task-status";

const apiKey = "client-test-key";
let sim: KieSimulator;
let kie: KieClient;
const callBackUrl = "http://127.0.0.1:9/unused-callback"; // nothing listens: callbacks fail fast, not under test here

beforeAll(async () => {
  sim = await startKieSimulator({ apiKey, renderDelayMs: 80, callbackRetries: false });
  kie = createKieClient({
    baseUrl: sim.url,
    apiKey,
    timeoutMs: 2000,
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    limits: { create: { limit: 100, windowMs: 1000 }, status: { limit: 100, windowMs: 1000 } },
  });
  sim.faults.set({ enforceRateLimits: false }); // rate limits are exercised by the last test on its own key
});
afterEach(() => {
  sim.faults.clear();
  sim.faults.set({ enforceRateLimits: false });
});
afterAll(() => sim.close());

async function untilTerminal(family: KieFamily, taskId: string): Promise<KieTaskStatus> {
  const seen: string[] = [];
  const settled = await vi
    .waitUntil(
      async () => {
        const s = await kie.getTaskStatus(family, taskId);
        if (seen.at(-1) !== s.state) seen.push(s.state);
        return s.state === "success" || s.state === "failed" ? s : false;
      },
      { timeout: 6_000, interval: 30 },
    )
    .catch(() => null);
  if (!settled) throw new Error(`task ${taskId} never settled (${seen.join(" → ")})`);
  return settled;
}

async function rejection(p: Promise<unknown>): Promise<KieApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof KieApiError) return err;
    throw err;
  }
  throw new Error("expected a KieApiError");
}

const imagen: KieCreateTaskSpec = { family: "market", model: "google/imagen4", prompt: "client market", aspectRatio: "1:1", callBackUrl };
const gpt4oSpec: KieCreateTaskSpec = { family: "gpt4o", model: "gpt-4o-image", prompt: "client 4o", aspectRatio: "2:3", callBackUrl };
const specs: KieCreateTaskSpec[] = [
  imagen,
  { family: "market", model: "kling-2.6/text-to-video", prompt: "client kling", aspectRatio: "16:9", callBackUrl },
  gpt4oSpec,
  { family: "flux", model: "flux-kontext-max", prompt: "client flux", aspectRatio: "4:3", callBackUrl },
  { family: "veo", model: "veo3_fast", prompt: "client veo", aspectRatio: "9:16", callBackUrl },
  { family: "runway", model: "runway-gen4", prompt: "client runway", aspectRatio: "16:9", callBackUrl },
];

describe("createKieClient against the simulator", () => {
  it.each(specs)("$family/$model: create → normalized status → downloadable result", async (spec) => {
    const created = await kie.createTask(spec);
    expect(created).toMatchObject({ family: spec.family, model: spec.model });
    const status = await untilTerminal(spec.family, created.taskId);
    expect(status).toMatchObject({ taskId: created.taskId, family: spec.family, state: "success", failCode: null, failMessage: null });
    expect(status.completedAt).toBeInstanceOf(Date);
    expect(status.resultUrls).toHaveLength(1);
    const res = await fetch(String(status.resultUrls[0]));
    expect(res.status).toBe(200);
    const video = spec.model.includes("video") || spec.family === "veo" || spec.family === "runway";
    expect(res.headers.get("content-type")).toBe(video ? "video/mp4" : "image/png");
    await res.arrayBuffer();
    expect(status.coverUrl === null).toBe(spec.family !== "runway");
  });

  it("reports KIE-side failures in the normalized shape", async () => {
    sim.faults.set({ count: 1, fail: { code: 400, message: "Your content was flagged" } });
    const { taskId } = await kie.createTask({ family: "runway", model: "runway-gen4", prompt: "bad", callBackUrl });
    expect(await untilTerminal("runway", taskId)).toMatchObject({ state: "failed", failCode: "400", failMessage: "Your content was flagged", resultUrls: [] });
  });

  it("reads the alternate documented shapes too", async () => {
    sim.faults.set({ shapeVariant: "alternate" });
    for (const spec of [imagen, gpt4oSpec, specs[4] ?? imagen]) {
      const { taskId } = await kie.createTask(spec);
      const s = await untilTerminal(spec.family, taskId);
      expect(s.state).toBe("success");
      expect(s.resultUrls).toHaveLength(1);
    }
  });

  it("unknown task → not_found with recordMissing; bad key → unauthorized", async () => {
    expect(await rejection(kie.getTaskStatus("market", "0123456789abcdef0123456789abcdef"))).toMatchObject({
      kind: "not_found",
      recordMissing: true,
      code: 422,
    });
    const wrong = createKieClient({ baseUrl: sim.url, apiKey: "nope", retry: { baseDelayMs: 10 } });
    expect(await rejection(wrong.getCredits())).toMatchObject({ kind: "unauthorized", code: 401, retryable: false });
    expect(await kie.getCredits()).toBe(1000);
  });

  it("retries status reads on 5xx at most 3 attempts", async () => {
    const { taskId } = await kie.createTask(imagen);
    sim.faults.set({ taskId, status5xx: { count: 2 } });
    expect((await kie.getTaskStatus("market", taskId)).taskId).toBe(taskId);
    sim.faults.set({ taskId, status5xx: { count: 3, as: "http503" } });
    expect(await rejection(kie.getTaskStatus("market", taskId))).toMatchObject({ kind: "server", code: 503, retryable: true });
    // Exactly three attempts consumed the three faults: the next read goes through.
    expect((await kie.getTaskStatus("market", taskId)).taskId).toBe(taskId);
  });

  it("retries creates on definite rejections (455/550/429) but not on 402", async () => {
    const before = sim.tasks.list().length;
    sim.faults.set({ count: 2, createReject: { code: 455, message: "maintenance" } });
    await kie.createTask(imagen);
    expect(sim.tasks.list().length).toBe(before + 1);
    sim.faults.set({ count: 1, createReject: { code: 402, message: "Credits insufficient" } });
    expect(await rejection(kie.createTask(imagen))).toMatchObject({ kind: "insufficient_credits", message: /Insufficient KIE credits/ });
    expect(sim.tasks.list().length).toBe(before + 1);
    sim.faults.set({ count: 3, createReject: { code: 550, message: "connection denied" } });
    expect(await rejection(kie.createTask(imagen))).toMatchObject({ kind: "queue_full", retryable: true });
  });

  it("does not retry a create that timed out (no double task)", async () => {
    const before = sim.tasks.list().length;
    sim.faults.set({ createLatencyMs: 400 });
    let requests = 0;
    const countingFetch: typeof fetch = (input, init) => ((requests += 1), fetch(input, init));
    const slow = createKieClient({ baseUrl: sim.url, apiKey, timeoutMs: 150, retry: { baseDelayMs: 10 }, fetch: countingFetch });
    expect(await rejection(slow.createTask(imagen))).toMatchObject({ kind: "timeout", retryable: true, code: 0 });
    expect(requests).toBe(1); // not resent
    // KIE did create it once: the caller must reconcile, not resend.
    await vi.waitUntil(() => sim.tasks.list().length === before + 1, { timeout: 5_000 });
  });

  it("getDownloadUrl returns a working link for an expired result", async () => {
    sim.faults.set({ count: 1, resultTtlMs: 1 });
    const { taskId } = await kie.createTask(gpt4oSpec);
    const s = await untilTerminal("gpt4o", taskId);
    const original = String(s.resultUrls[0]);
    await vi.waitUntil(async () => (await fetch(original)).status === 404, { timeout: 5_000 }); // its 1 ms life is over
    const fresh = await kie.getDownloadUrl(original);
    const res = await fetch(fresh);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(await rejection(kie.getDownloadUrl("https://example.invalid/x.png"))).toMatchObject({ kind: "validation", code: 422 });
  });

  it("the client limiter keeps a burst of reads under KIE's 10/s (simulator enforces it)", async () => {
    const limited = await burstOfReads(undefined); // the client's default read limit
    expect(limited.rejected).toBe(0);
    expect(limited.ok).toBe(15);
    const unlimited = await burstOfReads({ limit: 100, windowMs: 1000 }); // the same burst with the limiter lifted
    expect(unlimited.rejected).toBeGreaterThan(0);
  });
});

/** 15 status reads at once, with no retries, against a simulator of its own (a fresh read window on its key). */
async function burstOfReads(status: { limit: number; windowMs: number } | undefined) {
  const own = await startKieSimulator({ apiKey, renderDelayMs: 80, callbackRetries: false });
  try {
    const client = createKieClient({ baseUrl: own.url, apiKey, retry: { maxAttempts: 1 }, ...(status ? { limits: { status } } : {}) });
    const { taskId } = await client.createTask(imagen);
    const results = await Promise.allSettled(Array.from({ length: 15 }, () => client.getTaskStatus("market", taskId)));
    const rejected = results.filter((r) => r.status === "rejected" && r.reason instanceof KieApiError && r.reason.kind === "rate_limited").length;
    return { ok: results.filter((r) => r.status === "fulfilled" && r.value.taskId === taskId).length, rejected };
  } finally {
    await own.close();
  }
}
