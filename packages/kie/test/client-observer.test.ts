import { startKieSimulator, type KieSimulator } from "@lensroom/kie-simulator";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { createKieClient } from "../src/client";
import type { KieCallReport, KieLimiterWaitReport } from "../src/observer";

const apiKey = "observer-test-key";
const callBackUrl = "http://127.0.0.1:9/unused-callback";

// The observer hears of every call once (retries included) with how it ended, and of every limiter wait.
describe("KIE client observer", () => {
  let sim: KieSimulator;
  const calls: KieCallReport[] = [];
  const waits: KieLimiterWaitReport[] = [];
  const observer = { onCall: (r: KieCallReport) => calls.push(r), onLimiterWait: (r: KieLimiterWaitReport) => waits.push(r) };
  const shared = { acquire: async () => async () => undefined };

  beforeAll(async () => {
    sim = await startKieSimulator({ apiKey, renderDelayMs: 50, callbackRetries: false });
    sim.faults.set({ enforceRateLimits: false });
  });
  afterAll(() => sim.close());

  it("reports family, operation and outcome once per call, retries included", async () => {
    const kie = createKieClient({ baseUrl: sim.url, apiKey, retry: { baseDelayMs: 5, maxDelayMs: 10 }, sharedLimiter: shared, observer });
    sim.faults.set({ count: 2, createReject: { code: 455, message: "maintenance" } });
    const { taskId } = await kie.createTask({ family: "market", model: "google/imagen4", prompt: "a quiet harbour", callBackUrl });
    expect(calls.splice(0)).toEqual([{ family: "market", operation: "create_task", outcome: "ok", seconds: expect.any(Number) }]);
    // Three attempts, each after both limiters.
    expect(waits.splice(0).map((w) => `${w.kind}/${w.limiter}`)).toEqual(Array.from({ length: 3 }, () => ["create/process", "create/shared"]).flat());

    sim.faults.set({ taskId, status5xx: { count: 3, as: "http503" } });
    await expect(kie.getTaskStatus("market", taskId)).rejects.toMatchObject({ kind: "server" });
    expect(calls.splice(0)).toMatchObject([{ family: "market", operation: "task_status", outcome: "server" }]);
    waits.splice(0);

    const wrong = createKieClient({ baseUrl: sim.url, apiKey: "not-the-key", retry: { baseDelayMs: 5 }, observer });
    await expect(wrong.getCredits()).rejects.toMatchObject({ kind: "unauthorized" });
    expect(calls.splice(0)).toMatchObject([{ family: "common", operation: "credits", outcome: "unauthorized" }]);
    // Without a shared limiter only the process's own is waited for.
    expect(waits.splice(0).map((w) => w.limiter)).not.toContain("shared");
  });

  it("reports a status read whose envelope carries the task's failure as task_failed", async () => {
    const kie = createKieClient({ baseUrl: sim.url, apiKey, observer });
    sim.faults.set({ count: 1, recordFailure: { code: 400, msg: "Your content was flagged" } });
    const { taskId } = await kie.createTask({ family: "runway", model: "runway-gen4", prompt: "flagged", callBackUrl });
    await vi.waitUntil(
      async () => {
        calls.splice(0);
        return (await kie.getTaskStatus("runway", taskId)).state === "failed";
      },
      { timeout: 5_000, interval: 20 },
    );
    expect(calls).toMatchObject([{ family: "runway", operation: "task_status", outcome: "task_failed" }]);
  });
});
