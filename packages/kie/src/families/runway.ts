import { z } from "zod";
import type { KieTaskStatus } from "../task-status";
import { lenient, parseRecord } from "./lenient-fields";
import { normalizedStatus, spelledState } from "./normalize-status";
import { firstUrls } from "./parse-helpers";
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
  task_id: lenient.text,
  state: lenient.text,
  videoInfo: lenient.record,
  failCode: lenient.code,
  failMsg: lenient.text,
  generateTime: lenient.time,
  expireFlag: lenient.int,
  // The callback shape puts the result at the top of `data` in snake_case.
  video_url: lenient.text,
  image_url: lenient.text,
});

/**
 * Parse `data` of runway/record-detail: `wait`/`queueing` spellings, `videoInfo.videoUrl` + cover `videoInfo.imageUrl`.
 * `expireFlag: 1` wins over the state: KIE has deleted the video, so the task is expired with nothing to copy.
 */
export function parseStatus(data: unknown, expectedTaskId?: string): KieTaskStatus {
  const { rec, taskId } = parseRecord(
    "runway",
    recordSchema.transform((r) => ({ ...r, taskId: r.taskId ?? r.task_id })),
    data,
    expectedTaskId,
  );
  const v = rec.videoInfo;
  const state = rec.expireFlag === 1 ? "expired" : spelledState(rec.state);
  return normalizedStatus(
    "runway",
    taskId,
    state,
    {
      resultUrls: () => firstUrls(v?.["videoUrl"], v?.["video_url"], rec.video_url),
      coverUrl: () => lenient.text.parse(v?.["imageUrl"] ?? v?.["image_url"] ?? rec.image_url),
      failCode: rec.failCode,
      failMessage: rec.failMsg,
      completedAt: rec.generateTime,
    },
    data,
  );
}
