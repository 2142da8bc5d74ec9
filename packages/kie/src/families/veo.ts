import { z } from "zod";
import type { KieTaskState, KieTaskStatus } from "../task-status";
import { lenient, parseRecord } from "./lenient-fields";
import { invalidSpec, pickAspect } from "./local-validation";
import type { KieCreateTaskSpec, KieHttpRequest } from "./types";

export const createPath = "/api/v1/veo/generate";
export const statusPath = "/api/v1/veo/record-info";
export const veoAspectRatios = ["16:9", "9:16", "Auto"] as const;
const veoModels = ["veo3", "veo3_fast"];

export function buildCreateRequest(spec: KieCreateTaskSpec): KieHttpRequest {
  if (!veoModels.includes(spec.model)) throw invalidSpec(`Unknown Veo model ${spec.model}`);
  const images = spec.imageUrls ?? [];
  if (images.length > 2) throw invalidSpec("Veo accepts at most 2 images (first and last frame)");
  const body: Record<string, unknown> = {
    prompt: spec.prompt,
    model: spec.model,
    aspectRatio: pickAspect("Veo", spec.aspectRatio, veoAspectRatios, "16:9"),
    generationType: images.length > 0 ? "FIRST_AND_LAST_FRAMES_2_VIDEO" : "TEXT_2_VIDEO",
    callBackUrl: spec.callBackUrl,
  };
  if (images.length > 0) body["imageUrls"] = [...images];
  return { path: createPath, body };
}

const recordSchema = z.looseObject({
  taskId: lenient.text,
  successFlag: lenient.int,
  response: lenient.record,
  errorCode: lenient.code,
  errorMessage: lenient.text,
  completeTime: lenient.time,
});

/** successFlag: 0 generating, 1 success, 2 failed, 3 created but upstream generation failed. */
function stateOf(flag: number | null): KieTaskState {
  if (flag === 1) return "success";
  if (flag === 2 || flag === 3) return "failed";
  return "generating";
}

/** Parse `data` of veo/record-info: `response.resultUrls` (array or JSON-encoded array). */
export function parseStatus(data: unknown, expectedTaskId?: string): KieTaskStatus {
  const { rec, taskId } = parseRecord("veo", recordSchema, data, expectedTaskId);
  const state = stateOf(rec.successFlag);
  const r = rec.response;
  const resultUrls = state === "success" ? lenient.urls.parse(r?.["resultUrls"] ?? r?.["result_urls"]) : [];
  return {
    taskId,
    family: "veo",
    state,
    resultUrls,
    coverUrl: null,
    failCode: state === "failed" ? rec.errorCode : null,
    failMessage: state === "failed" ? rec.errorMessage : null,
    completedAt: state === "success" || state === "failed" ? rec.completeTime : null,
    raw: data,
  };
}
