import { describe, expect, it } from "vitest";
import { parseEnvelope } from "../src/envelope";
import { KieApiError, type KieErrorKind } from "../src/errors";

function failure(http: number, body: unknown): KieApiError {
  try {
    parseEnvelope(http, typeof body === "string" ? body : JSON.stringify(body));
  } catch (err) {
    if (err instanceof KieApiError) return err;
    throw err;
  }
  throw new Error("expected a KieApiError");
}

describe("parseEnvelope", () => {
  it("returns data on code 200 and reads msg ?? message", () => {
    expect(parseEnvelope(200, JSON.stringify({ code: 200, msg: "success", data: { taskId: "t" } }))).toEqual({
      code: 200,
      msg: "success",
      data: { taskId: "t" },
    });
    expect(parseEnvelope(200, JSON.stringify({ code: 200, message: "ok", data: 5 })).msg).toBe("ok");
    expect(parseEnvelope(200, JSON.stringify({ code: "200", msg: "success", data: "u" })).data).toBe("u");
  });

  const table: Array<[number, number, string, KieErrorKind, boolean, RegExp]> = [
    [200, 401, "You do not have access permissions", "unauthorized", false, /API key/],
    [200, 402, "Credits insufficient", "insufficient_credits", false, /Insufficient KIE credits/],
    [200, 404, "Task not found", "not_found", false, /could not find/],
    [200, 422, "aspect_ratio is invalid", "validation", false, /parameters/],
    [200, 429, "Rate limit exceeded", "rate_limited", true, /rate limit/],
    [429, 429, "Rate limit exceeded", "rate_limited", true, /rate limit/],
    [200, 451, "Failed to fetch the image", "input_fetch_failed", false, /input image/],
    [200, 455, "Service unavailable", "maintenance", true, /KIE is under maintenance, retrying/],
    [200, 500, "Internal error", "server", true, /server error/],
    [200, 500, "This field is required", "validation", false, /This field is required/],
    [200, 505, "Feature disabled", "feature_disabled", false, /disabled/],
    [200, 550, "connection denied", "queue_full", true, /queue is full/],
    [200, 400, "Invalid JSON format", "validation", false, /invalid/],
    [200, 433, "?", "server", false, /433: \?/],
  ];
  it.each(table)("HTTP %i + envelope code %i (%s) → %s", (http, code, msg, kind, retryable, message) => {
    const err = failure(http, { code, msg, data: null });
    expect(err.kind).toBe(kind);
    expect(err.retryable).toBe(retryable);
    expect(err.code).toBe(code);
    expect(err.kieMessage).toBe(msg);
    expect(err.message).toMatch(message);
  });

  it("exposes 422 recordInfo is null as not_found + recordMissing", () => {
    const err = failure(200, { code: 422, msg: "recordInfo is null", data: null });
    expect(err).toMatchObject({ kind: "not_found", recordMissing: true, retryable: false, code: 422 });
    expect(failure(200, { code: 422, message: "record is null", data: null }).recordMissing).toBe(true);
  });

  it("fails on non-2xx HTTP even without an envelope, and on 2xx garbage", () => {
    expect(failure(503, "<html>Service Unavailable</html>")).toMatchObject({ kind: "server", code: 503, retryable: true, httpStatus: 503 });
    expect(failure(502, "")).toMatchObject({ kind: "server", retryable: true });
    expect(failure(401, "")).toMatchObject({ kind: "unauthorized" });
    expect(failure(200, "not json")).toMatchObject({ kind: "bad_response", retryable: false });
    expect(failure(200, { msg: "no code" })).toMatchObject({ kind: "bad_response" });
    // HTTP error with a success-looking envelope is still an error.
    expect(failure(500, { code: 200, msg: "success", data: null })).toMatchObject({ kind: "server", code: 500 });
  });
});
