import { describe, expect, it } from "vitest";
import { parseEnvelope } from "../src/envelope";
import { KieApiError } from "../src/errors";

function failure(http: number, body: unknown): KieApiError {
  try {
    parseEnvelope(http, JSON.stringify(body));
  } catch (err) {
    if (err instanceof KieApiError) return err;
    throw err;
  }
  throw new Error("expected a KieApiError");
}

describe("envelopes KIE documents without a data key", () => {
  it.each([
    [{ code: 429, msg: "Rate limit exceeded" }, "rate_limited", true],
    [{ code: 402, msg: "Credits insufficient" }, "insufficient_credits", false],
    [{ code: 401, msg: "You do not have access permissions" }, "unauthorized", false],
    [{ code: 404, msg: "Task not found" }, "not_found", false],
    [{ code: 400, msg: "taskId parameter is required" }, "validation", false],
    [{ code: 455, msg: "Service Unavailable" }, "maintenance", true],
    [{ code: 550, msg: "connection denied" }, "queue_full", true],
    [{ code: 505, msg: "Feature Disabled" }, "feature_disabled", false],
    [{ code: 501, msg: "Generation Failed" }, "generation_failed", false],
    [{ code: 433, msg: "Something" }, "server", false],
  ] as const)("%j → %s", (body, kind, retryable) => {
    const err = failure(200, body);
    expect(err).toMatchObject({ kind, retryable, code: body.code, kieMessage: body.msg });
    expect(err.message).toContain(body.msg);
  });

  it("422 recordInfo is null without data is still recordMissing, with KIE's words kept", () => {
    const err = failure(200, { code: 422, msg: "recordInfo is null" });
    expect(err).toMatchObject({ kind: "not_found", recordMissing: true, kieMessage: "recordInfo is null" });
    expect(err.message).toContain("recordInfo is null");
  });

  it("keeps KIE's message when the HTTP status equals the code", () => {
    expect(failure(429, { code: 429, msg: "Rate limit exceeded" })).toMatchObject({ kind: "rate_limited", httpStatus: 429, kieMessage: "Rate limit exceeded" });
    expect(failure(401, { code: 401, message: "Unauthorized" })).toMatchObject({ kind: "unauthorized", kieMessage: "Unauthorized" });
  });

  it("reads message, string codes and null data", () => {
    expect(failure(200, { code: " 402 ", message: "Credits insufficient", data: null })).toMatchObject({
      kind: "insufficient_credits",
      code: 402,
      kieMessage: "Credits insufficient",
    });
    expect(parseEnvelope(200, JSON.stringify({ code: 200, msg: "success" }))).toEqual({ code: 200, msg: "success", data: null });
  });

  it("returns an outcome code's envelope instead of throwing, only when asked", () => {
    const outcome = new Set([501]);
    expect(parseEnvelope(200, JSON.stringify({ code: 501, msg: "Generation Failed" }), null, outcome)).toEqual({
      code: 501,
      msg: "Generation Failed",
      data: null,
    });
    expect(parseEnvelope(501, JSON.stringify({ code: 501, msg: "Generation Failed" }), null, outcome).code).toBe(501);
    expect(() => parseEnvelope(503, JSON.stringify({ code: 501, msg: "x" }), null, outcome)).toThrow(KieApiError);
    expect(() => parseEnvelope(200, JSON.stringify({ code: 501, msg: "x" }))).toThrow(/generation failed: x/);
  });
});
