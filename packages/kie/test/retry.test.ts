import { describe, expect, it } from "vitest";

import { KieApiError } from "../src/errors";
import { retryDelayMs, transientFailure, withRetry } from "../src/retry";

const limits = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 8000 };

describe("retryDelayMs", () => {
  it("spreads each wait over the whole backoff (full jitter)", () => {
    expect(retryDelayMs(1, null, limits, () => 0)).toBe(0);
    expect(retryDelayMs(1, null, limits, () => 0.5)).toBe(250);
    expect(retryDelayMs(3, null, limits, () => 0.999)).toBeCloseTo(1998);
  });

  it("caps the backoff at maxDelayMs", () => {
    expect(retryDelayMs(10, null, limits, () => 0.5)).toBe(4000);
  });

  it("waits at least as long as Retry-After asks, up to maxDelayMs", () => {
    expect(retryDelayMs(1, 3000, limits, () => 0)).toBe(3000);
    expect(retryDelayMs(1, 60_000, limits, () => 0)).toBe(8000);
  });
});

describe("withRetry", () => {
  const transient = () => new KieApiError({ code: 503, kind: "server", retryable: true, message: "busy" });

  it("stops after maxAttempts tries and throws the last error", async () => {
    let tries = 0;
    const error = await withRetry(
      () => {
        tries += 1;
        return Promise.reject(transient());
      },
      transientFailure,
      { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KieApiError);
    expect(tries).toBe(3);
  });

  it("does not retry what the policy refuses", async () => {
    let tries = 0;
    const refused = new KieApiError({ code: 401, kind: "unauthorized", retryable: false, message: "no" });
    const error = await withRetry(
      () => {
        tries += 1;
        return Promise.reject(refused);
      },
      transientFailure,
      { baseDelayMs: 1 },
    ).catch((e: unknown) => e);
    expect(error).toBe(refused);
    expect(tries).toBe(1);
  });

  it("returns the first success", async () => {
    let tries = 0;
    const value = await withRetry(() => (++tries < 2 ? Promise.reject(transient()) : Promise.resolve("ok")), transientFailure, {
      baseDelayMs: 1,
      maxDelayMs: 1,
    });
    expect([value, tries]).toEqual(["ok", 2]);
  });
});
