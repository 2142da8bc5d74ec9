import type { KieTaskStatus } from "../task-status";
import { lenient, parseRecord } from "./lenient-fields";
import { normalizedStatus, successFlagRecordSchema, successFlagState } from "./normalize-status";
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

/** Parse `data` of veo/record-info: `response.resultUrls` (array or JSON-encoded array). */
export function parseStatus(data: unknown, expectedTaskId?: string): KieTaskStatus {
  const { rec, taskId } = parseRecord("veo", successFlagRecordSchema, data, expectedTaskId);
  const r = rec.response;
  return normalizedStatus("veo", taskId, successFlagState(rec.successFlag) ?? "generating", {
    resultUrls: () => lenient.urls.parse(r?.["resultUrls"] ?? r?.["result_urls"]),
    failCode: rec.errorCode,
    failMessage: rec.errorMessage,
    completedAt: rec.completeTime,
  }, data);
}
