import { describe, expect, it } from "vitest";
import { extractCallbackTaskId, summarizeCallback } from "../src/callback";

describe("extractCallbackTaskId", () => {
  it("reads top-level taskId first (HMAC sample), then data.taskId, then data.task_id", () => {
    expect(extractCallbackTaskId({ taskId: "ee9c5863", code: 200, data: { task_id: "zzz" } })).toBe("ee9c5863");
    expect(extractCallbackTaskId({ code: 200, data: { taskId: "bd8f4b1a52048d0f17a38b49591abfa1" } })).toBe("bd8f4b1a52048d0f17a38b49591abfa1");
    expect(extractCallbackTaskId({ code: 200, data: { task_id: "3f1c0d2e-9a7b-4c1d-8e2f-0a1b2c3d4e5f" } })).toBe("3f1c0d2e-9a7b-4c1d-8e2f-0a1b2c3d4e5f");
    expect(extractCallbackTaskId({ data: { taskId: "  veo_task_abc  " } })).toBe("veo_task_abc");
  });
  it("skips malformed ids and falls through to the next candidate", () => {
    expect(extractCallbackTaskId({ taskId: 42, data: { taskId: "ok-id" } })).toBe("ok-id");
    expect(extractCallbackTaskId({ taskId: "a/b", data: { task_id: "ok_id" } })).toBe("ok_id");
    expect(extractCallbackTaskId({ taskId: "x".repeat(129) })).toBeNull();
    expect(extractCallbackTaskId({ taskId: "" })).toBeNull();
    expect(extractCallbackTaskId(null)).toBeNull();
    expect(extractCallbackTaskId("taskId")).toBeNull();
    expect(extractCallbackTaskId([{ taskId: "a" }])).toBeNull();
  });
});

describe("summarizeCallback", () => {
  it("derives a state hint from data.state, else from code", () => {
    expect(summarizeCallback({ code: 200, msg: "Playground task completed successfully.", data: { taskId: "t1", state: "success" } })).toEqual({
      taskId: "t1",
      code: 200,
      stateHint: "success",
      failCode: null,
      message: "Playground task completed successfully.",
    });
    expect(summarizeCallback({ code: 501, data: { taskId: "t1", state: "fail" } }).stateHint).toBe("failed");
    expect(summarizeCallback({ code: 200, data: { taskId: "t1", state: "generating" } }).stateHint).toBe("generating");
    expect(summarizeCallback({ code: 400, data: { taskId: "t1", info: null } }).stateHint).toBe("failed");
    expect(summarizeCallback({ code: 200, data: { task_id: "t2", video_url: "x" } })).toMatchObject({ taskId: "t2", code: 200, stateHint: "success" });
    expect(summarizeCallback({})).toEqual({ taskId: null, code: null, stateHint: null, failCode: null, message: null });
  });
});
