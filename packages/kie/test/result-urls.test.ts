import { describe, expect, it } from "vitest";
import { summarizeCallback } from "../src/callback";
import * as flux from "../src/families/flux";
import * as gpt4o from "../src/families/gpt4o";
import * as market from "../src/families/market";
import * as runway from "../src/families/runway";
import * as veo from "../src/families/veo";
import { isTerminalState } from "../src/task-status";

describe("success means media: every documented URL place", () => {
  it("market: malformed resultJson stays a success with no URLs; result_urls is read", () => {
    expect(market.parseStatus({ taskId: "t", state: "success", resultJson: '{"resultUrls":["https://a' })).toMatchObject({ state: "success", resultUrls: [] });
    expect(market.parseStatus({ taskId: "t", state: "success", resultJson: '{"result_urls":["https://a/1.png"]}' }).resultUrls).toEqual(["https://a/1.png"]);
  });
  it("4o: an empty resultUrls falls through to result_urls and to info.result_urls", () => {
    expect(gpt4o.parseStatus({ taskId: "t", successFlag: 1, response: { resultUrls: [], result_urls: ["https://a/2.png"] } }).resultUrls).toEqual([
      "https://a/2.png",
    ]);
    expect(gpt4o.parseStatus({ taskId: "t", successFlag: 1, info: { result_urls: ["https://a/3.png"] } }).resultUrls).toEqual(["https://a/3.png"]);
  });
  it("flux: resultImageUrl first, originImageUrl only as a fallback, snake_case too", () => {
    expect(flux.parseStatus({ taskId: "t", successFlag: 1, response: { originImageUrl: "https://o", resultImageUrl: "https://r" } }).resultUrls).toEqual([
      "https://r",
    ]);
    expect(flux.parseStatus({ taskId: "t", successFlag: 1, response: { originImageUrl: "https://o" } }).resultUrls).toEqual(["https://o"]);
    expect(flux.parseStatus({ taskId: "t", successFlag: 1, response: { result_image_url: "https://s" } }).resultUrls).toEqual(["https://s"]);
  });
  it("veo: resultUrls, then originUrls", () => {
    expect(veo.parseStatus({ taskId: "t", successFlag: 1, response: { resultUrls: ["https://v"], originUrls: ["https://o"] } }).resultUrls).toEqual([
      "https://v",
    ]);
    expect(veo.parseStatus({ taskId: "t", successFlag: 1, response: { originUrls: ["https://o"] } }).resultUrls).toEqual(["https://o"]);
  });
  it("runway: videoInfo.videoUrl, the callback's snake_case data, and a cover", () => {
    expect(runway.parseStatus({ task_id: "t", state: "success", video_url: "https://v.mp4", image_url: "https://c.png" })).toMatchObject({
      taskId: "t",
      resultUrls: ["https://v.mp4"],
      coverUrl: "https://c.png",
    });
    expect(runway.parseStatus({ taskId: "t", state: "success", videoInfo: null })).toMatchObject({ state: "success", resultUrls: [] });
  });
  it("never invents URLs for a success with nothing readable", () => {
    for (const parse of [gpt4o.parseStatus, flux.parseStatus, veo.parseStatus])
      expect(parse({ taskId: "t", successFlag: 1, response: null }).resultUrls).toEqual([]);
  });
});

describe("state spellings", () => {
  it("status strings count for flux and veo too when successFlag is absent", () => {
    expect(flux.parseStatus({ taskId: "t", status: "GENERATE_FAILED", errorCode: 501 }).state).toBe("failed");
    expect(veo.parseStatus({ taskId: "t", status: "SUCCESS", response: { resultUrls: ["https://v"] } }).state).toBe("success");
    expect(veo.parseStatus({ taskId: "t", successFlag: 3, status: "SUCCESS" }).state).toBe("failed");
    expect(gpt4o.parseStatus({ taskId: "t", status: "GENERATING" }).state).toBe("generating");
  });
});

describe("expiry", () => {
  it("runway expireFlag 1 is expired with no URLs, fail code or message", () => {
    const s = runway.parseStatus({
      taskId: "t",
      state: "success",
      expireFlag: 1,
      videoInfo: { videoUrl: "https://v.mp4", imageUrl: "https://c.png" },
      failCode: 400,
      failMsg: "x",
      generateTime: "2023-08-15 14:30:45",
    });
    expect(s).toMatchObject({ state: "expired", resultUrls: [], coverUrl: null, failCode: null, failMessage: null });
    expect(s.completedAt?.toISOString()).toBe("2023-08-15T14:30:45.000Z");
    expect(runway.parseStatus({ taskId: "t", state: "success", expireFlag: "0", videoInfo: { videoUrl: "https://v.mp4" } }).state).toBe("success");
  });
  it("expired is terminal; queued and generating are not", () => {
    expect(isTerminalState("expired")).toBe(true);
    expect(isTerminalState("failed")).toBe(true);
    expect(isTerminalState("success")).toBe(true);
    expect(isTerminalState("queued")).toBe(false);
    expect(isTerminalState("generating")).toBe(false);
  });
});

describe("callback outcome", () => {
  it("reads fail codes: market failCode string under code 501, else the callback code", () => {
    expect(
      summarizeCallback({ code: 501, msg: "Playground task failed.", data: { taskId: "t", state: "fail", failCode: "500", failMsg: "boom" } }),
    ).toMatchObject({ stateHint: "failed", failCode: "500", message: "boom" });
    expect(summarizeCallback({ code: 501, msg: "Playground task failed.", data: { taskId: "t", state: "fail", failCode: "" } })).toMatchObject({
      failCode: "501",
      message: "Playground task failed.",
    });
    expect(summarizeCallback({ code: 400, msg: "flagged", data: { taskId: "t", info: null } })).toMatchObject({
      stateHint: "failed",
      failCode: "400",
      message: "flagged",
    });
    expect(summarizeCallback({ code: 200, msg: "ok", data: { taskId: "t", successFlag: 3, errorCode: 501 } })).toMatchObject({
      stateHint: "failed",
      failCode: "501",
    });
    expect(summarizeCallback({ code: 200, msg: "ok", data: { taskId: "t" } })).toMatchObject({ stateHint: "success", failCode: null });
  });
});
