import { startKieSimulator, type KieSimulator } from "@lensroom/kie-simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createKieClient } from "../src/client";

const apiKey = "abort-test-key";

// A sync job that expires or a worker that stops must not stay parked in a limiter wait or a retry pause.
describe("a status read's AbortSignal", () => {
  let sim: KieSimulator;
  let taskId: string;

  beforeAll(async () => {
    sim = await startKieSimulator({ apiKey, renderDelayMs: 50, callbackRetries: false });
    sim.faults.set({ enforceRateLimits: false });
    const kie = createKieClient({ baseUrl: sim.url, apiKey });
    taskId = (await kie.createTask({ family: "market", model: "google/imagen4", prompt: "a quiet harbour", callBackUrl: "http://127.0.0.1:9/unused" })).taskId;
  });
  afterAll(() => sim.close());

  it("ends a wait for the process's limiter with the signal's reason", async () => {
    const kie = createKieClient({ baseUrl: sim.url, apiKey, limits: { status: { limit: 1, windowMs: 60_000 } } });
    await kie.getTaskStatus("market", taskId);
    const stop = new AbortController();
    const waiting = kie.getTaskStatus("market", taskId, { signal: stop.signal });
    stop.abort(new Error("job expired"));
    await expect(waiting).rejects.toThrow("job expired");
  });

  it("ends a wait for the shared limiter, and the pause between retries", async () => {
    const neverGranted = {
      acquire: (_kind: string, signal?: AbortSignal) =>
        new Promise<never>((_, reject) => {
          if (signal?.aborted) reject(signal.reason as Error);
          signal?.addEventListener("abort", () => reject(signal.reason as Error));
        }),
    };
    const parked = createKieClient({ baseUrl: sim.url, apiKey, sharedLimiter: neverGranted });
    const stop = new AbortController();
    const waiting = parked.getTaskStatus("market", taskId, { signal: stop.signal });
    stop.abort(new Error("worker stopping"));
    await expect(waiting).rejects.toThrow("worker stopping");

    // Every read answers 503 and the client pauses a minute before its next attempt: the signal ends the pause.
    let attempts = 0;
    const unavailable = async () => (attempts++, new Response("busy", { status: 503 }));
    const patient = createKieClient({ baseUrl: sim.url, apiKey, fetch: unavailable, retry: { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const retrying = new AbortController();
    const pausing = patient.getTaskStatus("market", taskId, { signal: retrying.signal });
    await expect.poll(() => attempts, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    retrying.abort(new Error("gave up waiting"));
    await expect(pausing).rejects.toThrow("gave up waiting");
    expect(attempts).toBeLessThan(3); // the last attempt never came
  });
});
