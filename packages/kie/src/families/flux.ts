import { z } from "zod";
import type { KieTaskState, KieTaskStatus } from "../task-status";
import { lenient, parseRecord } from "./lenient-fields";
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

const recordSchema = z.looseObject({
  taskId: lenient.text,
  successFlag: lenient.int,
  response: lenient.record,
  errorCode: lenient.code,
  errorMessage: lenient.text,
  completeTime: lenient.time,
});

/** successFlag: 0 GENERATING, 1 SUCCESS, 2 CREATE_TASK_FAILED, 3 GENERATE_FAILED. */
function stateOf(flag: number | null): KieTaskState {
  if (flag === 1) return "success";
  if (flag === 2 || flag === 3) return "failed";
  return "generating";
}

/** Parse `data` of flux/kontext/record-info: `response.resultImageUrl`. */
export function parseStatus(data: unknown, expectedTaskId?: string): KieTaskStatus {
  const { rec, taskId } = parseRecord("flux", recordSchema, data, expectedTaskId);
  const state = stateOf(rec.successFlag);
  const r = rec.response;
  const resultUrls = state === "success" ? lenient.urls.parse(r?.["resultImageUrl"] ?? r?.["resultUrls"] ?? r?.["result_urls"]) : [];
  return {
    taskId,
    family: "flux",
    state,
    resultUrls,
    coverUrl: null,
    failCode: state === "failed" ? rec.errorCode : null,
    failMessage: state === "failed" ? rec.errorMessage : null,
    completedAt: state === "success" || state === "failed" ? rec.completeTime : null,
    raw: data,
  };
}
