import { z } from "zod";
import type { KieTaskStatus } from "../task-status";
import { lenient, parseRecord } from "./lenient-fields";
import { normalizedStatus, spelledState } from "./normalize-status";
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

/** Parse `data` of runway/record-detail: `wait`/`queueing` spellings, `videoInfo.videoUrl` + cover `videoInfo.imageUrl`. */
export function parseStatus(data: unknown, expectedTaskId?: string): KieTaskStatus {
  const { rec, taskId } = parseRecord("runway", recordSchema, data, expectedTaskId);
  const v = rec.videoInfo;
  return normalizedStatus("runway", taskId, spelledState(rec.state), {
    resultUrls: () => lenient.urls.parse(v?.["videoUrl"] ?? v?.["video_url"]),
    coverUrl: () => lenient.text.parse(v?.["imageUrl"] ?? v?.["image_url"]),
    failCode: rec.failCode,
    failMessage: rec.failMsg,
    completedAt: rec.generateTime,
  }, data);
}
