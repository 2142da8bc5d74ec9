import type { KieTaskStatus } from "../task-status";
import { lenient, parseRecord } from "./lenient-fields";
import { normalizedStatus, successFlagRecordSchema, successFlagState } from "./normalize-status";
import { invalidSpec, pickAspect } from "./local-validation";
import type { KieCreateTaskSpec, KieHttpRequest } from "./types";

export const createPath = "/api/v1/flux/kontext/generate";
export const statusPath = "/api/v1/flux/kontext/record-info";
export const fluxAspectRatios = ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"] as const;
const fluxModels = ["flux-kontext-pro", "flux-kontext-max"];

export function buildCreateRequest(spec: KieCreateTaskSpec): KieHttpRequest {
  if (!fluxModels.includes(spec.model)) throw invalidSpec(`Unknown Flux Kontext model ${spec.model}`);
  const body: Record<string, unknown> = {
    prompt: spec.prompt,
    aspectRatio: pickAspect("Flux Kontext", spec.aspectRatio, fluxAspectRatios, "1:1"),
    model: spec.model,
    outputFormat: "png",
    callBackUrl: spec.callBackUrl,
  };
  const inputImage = spec.imageUrls?.[0];
  if (inputImage) body["inputImage"] = inputImage;
  return { path: createPath, body };
}

/** Parse `data` of flux/kontext/record-info: `response.resultImageUrl`. */
export function parseStatus(data: unknown, expectedTaskId?: string): KieTaskStatus {
  const { rec, taskId } = parseRecord("flux", successFlagRecordSchema, data, expectedTaskId);
  const r = rec.response;
  return normalizedStatus("flux", taskId, successFlagState(rec.successFlag) ?? "generating", {
    resultUrls: () => lenient.urls.parse(r?.["resultImageUrl"] ?? r?.["resultUrls"] ?? r?.["result_urls"]),
    failCode: rec.errorCode,
    failMessage: rec.errorMessage,
    completedAt: rec.completeTime,
  }, data);
}
