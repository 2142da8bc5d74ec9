import { z } from "zod";
import type { KieTaskState, KieTaskStatus } from "../task-status";
import { lenient, parseRecord } from "./lenient-fields";
import { pickAspect } from "./local-validation";
import type { KieCreateTaskSpec, KieHttpRequest } from "./types";

export const createPath = "/api/v1/gpt4o-image/generate";
export const statusPath = "/api/v1/gpt4o-image/record-info";
export const gpt4oSizes = ["1:1", "3:2", "2:3"] as const;

export function buildCreateRequest(spec: KieCreateTaskSpec): KieHttpRequest {
  const body: Record<string, unknown> = {
    prompt: spec.prompt,
    size: pickAspect("gpt-4o-image", spec.aspectRatio, gpt4oSizes, "1:1"),
    nVariants: 1,
    callBackUrl: spec.callBackUrl,
  };
  if (spec.imageUrls && spec.imageUrls.length > 0) body["filesUrl"] = spec.imageUrls.slice(0, 5);
  return { path: createPath, body };
}

const recordSchema = z.looseObject({
  taskId: lenient.text,
  successFlag: lenient.int,
  status: lenient.text,
  response: lenient.record,
  errorCode: lenient.code,
  errorMessage: lenient.text,
  completeTime: lenient.time,
});

function stateOf(successFlag: number | null, status: string | null): KieTaskState {
  if (successFlag === 1) return "success";
  if (successFlag === 2 || successFlag === 3) return "failed";
  if (successFlag === 0) return "generating";
  const s = (status ?? "").toUpperCase();
  if (s === "SUCCESS") return "success";
  if (s.endsWith("FAILED")) return "failed";
  return "generating";
}

/** Parse `data` of gpt4o-image/record-info: `response.resultUrls` (4R) or `response.result_urls` (4Q); times ms or strings. */
export function parseStatus(data: unknown, expectedTaskId?: string): KieTaskStatus {
  const { rec, taskId } = parseRecord("gpt4o", recordSchema, data, expectedTaskId);
  const state = stateOf(rec.successFlag, rec.status);
  const response = rec.response;
  const resultUrls = state === "success" ? lenient.urls.parse(response?.["resultUrls"] ?? response?.["result_urls"]) : [];
  return {
    taskId,
    family: "gpt4o",
    state,
    resultUrls,
    coverUrl: null,
    failCode: state === "failed" ? rec.errorCode : null,
    failMessage: state === "failed" ? rec.errorMessage : null,
    completedAt: state === "success" || state === "failed" ? rec.completeTime : null,
    raw: data,
  };
}
