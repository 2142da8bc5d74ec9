import type { KieTaskStatus } from "../task-status";
import { parseRecord } from "./lenient-fields";
import { flagOrStatusState, normalizedStatus, successFlagRecordSchema } from "./normalize-status";
import { firstUrls } from "./parse-helpers";
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

/**
 * Parse `data` of flux/kontext/record-info: `response.resultImageUrl` (or the callback's `info`), with `originImageUrl`
 * only as a fallback: it is the pre-processing image and lives just 10 minutes.
 */
export function parseStatus(data: unknown, expectedTaskId?: string): KieTaskStatus {
  const { rec, taskId } = parseRecord("flux", successFlagRecordSchema, data, expectedTaskId);
  const r = rec.response;
  const i = rec.info;
  return normalizedStatus(
    "flux",
    taskId,
    flagOrStatusState(rec.successFlag, rec.status),
    {
      resultUrls: () =>
        firstUrls(
          r?.["resultImageUrl"],
          r?.["result_image_url"],
          i?.["resultImageUrl"],
          i?.["result_image_url"],
          r?.["resultUrls"],
          r?.["result_urls"],
          r?.["originImageUrl"],
          r?.["origin_image_url"],
          i?.["originImageUrl"],
          i?.["origin_image_url"],
        ),
      failCode: rec.errorCode,
      failMessage: rec.errorMessage,
      completedAt: rec.completeTime,
    },
    data,
  );
}
