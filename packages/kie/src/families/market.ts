import { z } from "zod";
import { KieApiError } from "../errors";
import { findKieModel } from "../models";
import type { KieTaskStatus } from "../task-status";
import { lenient, parseRecord } from "./lenient-fields";
import { normalizedStatus, spelledState } from "./normalize-status";
import { firstUrls } from "./parse-helpers";
import type { KieCreateTaskSpec, KieHttpRequest } from "./types";

export const createPath = "/api/v1/jobs/createTask";
export const statusPath = "/api/v1/jobs/recordInfo";

export function buildCreateRequest(spec: KieCreateTaskSpec): KieHttpRequest {
  if (!spec.model) throw new KieApiError({ code: 0, kind: "validation", retryable: false, message: "A market model id is required" });
  const model = findKieModel(spec.model);
  const input: Record<string, unknown> = { ...(model?.marketInputDefaults ?? {}), prompt: spec.prompt };
  const aspect = spec.aspectRatio ?? model?.aspectRatios[0];
  if (aspect) input["aspect_ratio"] = aspect;
  if (spec.imageUrls && spec.imageUrls.length > 0) input["image_urls"] = [...spec.imageUrls];
  return { path: createPath, body: { model: spec.model, callBackUrl: spec.callBackUrl, input } };
}

const recordSchema = z.looseObject({
  taskId: lenient.text,
  state: lenient.text,
  resultJson: lenient.record,
  failCode: lenient.code,
  failMsg: lenient.text,
  completeTime: lenient.time,
  updateTime: lenient.time,
});

/** Parse `data` of jobs/recordInfo (also the `data` of a market callback: it is the same record). */
export function parseStatus(data: unknown, expectedTaskId?: string): KieTaskStatus {
  const { rec, taskId } = parseRecord("market", recordSchema, data, expectedTaskId);
  return normalizedStatus(
    "market",
    taskId,
    spelledState(rec.state),
    {
      // resultJson is a JSON string that may be malformed: then it reads as null and the success has no URLs.
      resultUrls: () => firstUrls(rec.resultJson?.["resultUrls"], rec.resultJson?.["result_urls"]),
      failCode: rec.failCode,
      failMessage: rec.failMsg,
      completedAt: rec.completeTime ?? rec.updateTime,
    },
    data,
  );
}
