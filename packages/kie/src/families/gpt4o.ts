import type { KieTaskStatus } from "../task-status";
import { parseRecord } from "./lenient-fields";
import { flagOrStatusState, normalizedStatus, successFlagRecordSchema } from "./normalize-status";
import { firstUrls } from "./parse-helpers";
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

/**
 * Parse `data` of gpt4o-image/record-info: `response.resultUrls` (4R) or `response.result_urls` (4Q), else the callback
 * shape's `info.result_urls`; times ms or strings.
 */
export function parseStatus(data: unknown, expectedTaskId?: string): KieTaskStatus {
  const { rec, taskId } = parseRecord("gpt4o", successFlagRecordSchema, data, expectedTaskId);
  const r = rec.response;
  const i = rec.info;
  return normalizedStatus(
    "gpt4o",
    taskId,
    flagOrStatusState(rec.successFlag, rec.status),
    {
      resultUrls: () => firstUrls(r?.["resultUrls"], r?.["result_urls"], i?.["result_urls"], i?.["resultUrls"]),
      failCode: rec.errorCode,
      failMessage: rec.errorMessage,
      completedAt: rec.completeTime,
    },
    data,
  );
}
