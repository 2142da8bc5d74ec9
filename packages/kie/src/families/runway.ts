import { z } from "zod";
import type { KieTaskState, KieTaskStatus } from "../task-status";
import { lenient, parseRecord } from "./lenient-fields";
import { pickAspect } from "./local-validation";
import type { KieCreateTaskSpec, KieHttpRequest } from "./types";

export const createPath = "/api/v1/runway/generate";
export const statusPath = "/api/v1/runway/record-detail";
export const runwayAspectRatios = ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"] as const;

export function buildCreateRequest(spec: KieCreateTaskSpec): KieHttpRequest {
  const body: Record<string, unknown> = {
    prompt: spec.prompt,
    aspectRatio: pickAspect("Runway", spec.aspectRatio, runwayAspectRatios, "16:9"),
    duration: 5,
    quality: "720p",
    waterMark: "",
    callBackUrl: spec.callBackUrl,
  };
  const imageUrl = spec.imageUrls?.[0];
  if (imageUrl) body["imageUrl"] = imageUrl;
  return { path: createPath, body };
}

const recordSchema = z.looseObject({
  taskId: lenient.text,
  state: lenient.text,
  videoInfo: lenient.record,
  failCode: lenient.code,
  failMsg: lenient.text,
  generateTime: lenient.time,
});

const states: Record<string, KieTaskState> = {
  wait: "queued",
  waiting: "queued",
  queueing: "queued",
  queuing: "queued",
  generating: "generating",
  success: "success",
  fail: "failed",
  failed: "failed",
};

/** Parse `data` of runway/record-detail: `wait`/`queueing` spellings, `videoInfo.videoUrl` + cover `videoInfo.imageUrl`. */
export function parseStatus(data: unknown, expectedTaskId?: string): KieTaskStatus {
  const { rec, taskId } = parseRecord("runway", recordSchema, data, expectedTaskId);
  const state = states[(rec.state ?? "").toLowerCase()] ?? "generating";
  const v = rec.videoInfo;
  const success = state === "success";
  return {
    taskId,
    family: "runway",
    state,
    resultUrls: success ? lenient.urls.parse(v?.["videoUrl"] ?? v?.["video_url"]) : [],
    coverUrl: success ? lenient.text.parse(v?.["imageUrl"] ?? v?.["image_url"]) : null,
    failCode: state === "failed" ? rec.failCode : null,
    failMessage: state === "failed" ? rec.failMsg : null,
    completedAt: success || state === "failed" ? rec.generateTime : null,
    raw: data,
  };
}
