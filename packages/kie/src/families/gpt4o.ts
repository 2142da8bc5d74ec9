import type { KieTaskState, KieTaskStatus } from "../task-status";
import { lenient, parseRecord } from "./lenient-fields";
import { normalizedStatus, successFlagRecordSchema, successFlagState } from "./normalize-status";
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

const recordSchema = successFlagRecordSchema.extend({ status: lenient.text });

/** `successFlag` first; the `status` spelling (SUCCESS, GENERATE_FAILED, ...) when the flag is absent. */
function stateOf(successFlag: number | null, status: string | null): KieTaskState {
  const s = (status ?? "").toUpperCase();
  return successFlagState(successFlag) ?? (s === "SUCCESS" ? "success" : s.endsWith("FAILED") ? "failed" : "generating");
}

/** Parse `data` of gpt4o-image/record-info: `response.resultUrls` (4R) or `response.result_urls` (4Q); times ms or strings. */
export function parseStatus(data: unknown, expectedTaskId?: string): KieTaskStatus {
  const { rec, taskId } = parseRecord("gpt4o", recordSchema, data, expectedTaskId);
  const r = rec.response;
  return normalizedStatus("gpt4o", taskId, stateOf(rec.successFlag, rec.status), {
    resultUrls: () => lenient.urls.parse(r?.["resultUrls"] ?? r?.["result_urls"]),
    failCode: rec.errorCode,
    failMessage: rec.errorMessage,
    completedAt: rec.completeTime,
  }, data);
}
