import { describe, expect, it } from "vitest";
import { KieApiError } from "../src/errors";
import * as flux from "../src/families/flux";
import * as gpt4o from "../src/families/gpt4o";
import * as market from "../src/families/market";
import * as runway from "../src/families/runway";
import * as veo from "../src/families/veo";

const marketId = "bd8f4b1a52048d0f17a38b49591abfa1";

describe("market parseStatus (jobs/recordInfo)", () => {
  it("walks waiting/queuing/generating as non-terminal", () => {
    expect(market.parseStatus({ taskId: marketId, state: "waiting", resultJson: "", param: "{}" }).state).toBe("queued");
    expect(market.parseStatus({ taskId: marketId, state: "queuing" }).state).toBe("queued");
    expect(market.parseStatus({ taskId: marketId, state: "generating" }).state).toBe("generating");
  });

  it("reads the MCB callback example: JSON-in-string resultJson, param with string input, ms times", () => {
    const data = {
      taskId: marketId,
      model: "wan/3-0-video-prime",
      state: "success",
      param: JSON.stringify({ model: "wan/3-0-video-prime", callBackUrl: "https://x/cb", input: JSON.stringify({ prompt: "a cat" }) }),
      resultJson: '{"resultUrls":["https://tempfile.aiquickdraw.com/v/abc.mp4"]}',
      failCode: "",
      failMsg: "",
      costTime: 89,
      completeTime: 1787567409000,
      createTime: 1787567320000,
      updateTime: 1787567409000,
      creditsConsumed: 61,
    };
    const s = market.parseStatus(data, marketId);
    expect(s).toMatchObject({
      taskId: marketId,
      family: "market",
      state: "success",
      resultUrls: ["https://tempfile.aiquickdraw.com/v/abc.mp4"],
      coverUrl: null,
      failCode: null,
      failMessage: null,
    });
    expect(s.completedAt?.getTime()).toBe(1787567409000);
    expect(s.raw).toBe(data);
  });

  it("reads failures with string failCode, resultJson '' or null, failCode null", () => {
    const a = market.parseStatus({ taskId: marketId, state: "fail", failCode: "422", failMsg: "bad prompt", resultJson: "", completeTime: 1787567409000 });
    expect(a).toMatchObject({ state: "failed", failCode: "422", failMessage: "bad prompt", resultUrls: [] });
    const b = market.parseStatus({ taskId: marketId, state: "fail", failCode: null, failMsg: null, resultJson: null });
    expect(b).toMatchObject({ state: "failed", failCode: null, failMessage: null, completedAt: null });
    expect(market.parseStatus({ taskId: marketId, state: "fail", failCode: 500 }).failCode).toBe("500");
  });

  it("accepts the whole record as a JSON string and an object resultJson", () => {
    const s = market.parseStatus(JSON.stringify({ taskId: marketId, state: "success", resultJson: { resultUrls: ["https://a/1.png", "https://a/2.png"] } }));
    expect(s.resultUrls).toEqual(["https://a/1.png", "https://a/2.png"]);
  });

  it("rejects a record for another task and a non-object", () => {
    expect(() => market.parseStatus({ taskId: "other", state: "success" }, marketId)).toThrow(KieApiError);
    expect(() => market.parseStatus(null, marketId)).toThrow(/not an object/);
    expect(() => market.parseStatus({ state: "success" })).toThrow(/taskId missing/);
    expect(market.parseStatus({ state: "generating" }, marketId).taskId).toBe(marketId);
  });
});

describe("gpt4o parseStatus (gpt4o-image/record-info)", () => {
  it("4R variant: response.resultUrls, ms times", () => {
    const s = gpt4o.parseStatus({
      taskId: "task12345",
      paramJson: '{"prompt":"a fox","size":"1:1"}',
      completeTime: 1746583204000,
      response: { resultUrls: ["https://tempfile.aiquickdraw.com/s/1.png"] },
      successFlag: 1,
      status: "SUCCESS",
      errorCode: null,
      errorMessage: "",
      createTime: 1746583174000,
      progress: "1.00",
    });
    expect(s).toMatchObject({ state: "success", resultUrls: ["https://tempfile.aiquickdraw.com/s/1.png"], failCode: null });
    expect(s.completedAt?.getTime()).toBe(1746583204000);
  });
  it("4Q variant: response.result_urls, string times, string successFlag", () => {
    const s = gpt4o.parseStatus({
      taskId: "task12345",
      completeTime: "2025-05-07 10:20:04",
      createTime: "2025-05-07 10:19:34",
      response: { result_urls: ["https://tempfile.aiquickdraw.com/s/2.png"] },
      successFlag: "1",
      progress: "1.00",
    });
    expect(s.resultUrls).toEqual(["https://tempfile.aiquickdraw.com/s/2.png"]);
    expect(s.completedAt?.toISOString()).toBe("2025-05-07T10:20:04.000Z");
  });
  it("generating with response null; failures via successFlag 2 or status", () => {
    expect(gpt4o.parseStatus({ taskId: "t", successFlag: 0, response: null, progress: "0.40" }).state).toBe("generating");
    expect(gpt4o.parseStatus({ taskId: "t", successFlag: 2, status: "GENERATE_FAILED", errorCode: 400, errorMessage: "flagged" })).toMatchObject({
      state: "failed",
      failCode: "400",
      failMessage: "flagged",
    });
    expect(gpt4o.parseStatus({ taskId: "t", status: "CREATE_TASK_FAILED", errorCode: 451 }).state).toBe("failed");
    expect(gpt4o.parseStatus({ taskId: "t", status: "SUCCESS", response: '{"resultUrls":["https://x/a.png"]}' }).resultUrls).toEqual(["https://x/a.png"]);
  });
});

describe("flux parseStatus (flux/kontext/record-info)", () => {
  it("success with response.resultImageUrl and ISO times", () => {
    const s = flux.parseStatus({
      taskId: "task_flux_1",
      paramJson: "{}",
      completeTime: "2024-03-20T10:30:00Z",
      createTime: "2024-03-20T10:29:00Z",
      response: { originImageUrl: "https://o/1.png", resultImageUrl: "https://r/1.png" },
      successFlag: 1,
      errorCode: null,
      errorMessage: "",
    });
    expect(s).toMatchObject({ state: "success", resultUrls: ["https://r/1.png"] });
    expect(s.completedAt?.toISOString()).toBe("2024-03-20T10:30:00.000Z");
  });
  it("flags 0/2/3", () => {
    expect(flux.parseStatus({ taskId: "t", successFlag: 0 }).state).toBe("generating");
    expect(flux.parseStatus({ taskId: "t", successFlag: 2, errorCode: 400, errorMessage: "flagged" })).toMatchObject({ state: "failed", failCode: "400" });
    expect(flux.parseStatus({ taskId: "t", successFlag: 3, errorCode: "501" })).toMatchObject({ state: "failed", failCode: "501" });
  });
});

describe("veo parseStatus (veo/record-info)", () => {
  it("success with response.resultUrls (array or JSON string) and string times", () => {
    const s = veo.parseStatus({
      taskId: "veo_task_abcdef123456",
      successFlag: 1,
      response: { taskId: "veo_task_abcdef123456", resultUrls: ["https://v/1.mp4"], originUrls: ["https://v/o.mp4"], resolution: "1080p" },
      completeTime: "2025-06-01 12:00:00",
      fallbackFlag: false,
      errorCode: null,
      errorMessage: "",
    });
    expect(s).toMatchObject({ state: "success", resultUrls: ["https://v/1.mp4"], family: "veo" });
    expect(veo.parseStatus({ taskId: "veo_task_x", successFlag: 1, response: { resultUrls: '["https://v/2.mp4"]' } }).resultUrls).toEqual(["https://v/2.mp4"]);
  });
  it("0 generating, 2 and 3 failed", () => {
    expect(veo.parseStatus({ taskId: "veo_task_x", successFlag: 0, response: null }).state).toBe("generating");
    expect(veo.parseStatus({ taskId: "veo_task_x", successFlag: 2, errorCode: 400, errorMessage: "policy" })).toMatchObject({
      state: "failed",
      failCode: "400",
    });
    expect(veo.parseStatus({ taskId: "veo_task_x", successFlag: 3, errorCode: 422, errorMessage: "fallback failed" }).state).toBe("failed");
  });
});

describe("runway parseStatus (runway/record-detail)", () => {
  const id = "ee603959-debb-48d1-98c4-a6d1c717eba6";
  it("wait/queueing/generating are non-terminal", () => {
    expect(runway.parseStatus({ taskId: id, state: "wait" }).state).toBe("queued");
    expect(runway.parseStatus({ taskId: id, state: "queueing" }).state).toBe("queued");
    expect(runway.parseStatus({ taskId: id, state: "generating" }).state).toBe("generating");
  });
  it("success reads videoInfo.videoUrl and the cover imageUrl", () => {
    const s = runway.parseStatus({
      taskId: id,
      parentTaskId: "",
      generateParam: { prompt: "a dog", imageUrl: "", expandPrompt: true },
      state: "success",
      generateTime: "2023-08-15 14:30:45",
      videoInfo: { videoId: "485da89c", taskId: id, videoUrl: "https://r/v.mp4", imageUrl: "https://r/c.jpg" },
      failCode: 0,
      failMsg: "",
      expireFlag: 0,
    });
    expect(s).toMatchObject({ state: "success", resultUrls: ["https://r/v.mp4"], coverUrl: "https://r/c.jpg", failCode: null });
    expect(s.completedAt?.toISOString()).toBe("2023-08-15T14:30:45.000Z");
  });
  it("fail with int failCode", () => {
    expect(runway.parseStatus({ taskId: id, state: "fail", failCode: 400, failMsg: "inappropriate" })).toMatchObject({
      state: "failed",
      failCode: "400",
      failMessage: "inappropriate",
      resultUrls: [],
    });
  });
});
