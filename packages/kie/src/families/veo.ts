import type { KieTaskStatus } from "../task-status";
import { parseRecord } from "./lenient-fields";
import { flagOrStatusState, normalizedStatus, successFlagRecordSchema } from "./normalize-status";
import { firstUrls } from "./parse-helpers";
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

/**
 * Parse `data` of veo/record-info: `response.resultUrls` (array or JSON-encoded array), then `originUrls` (present for
 * non-16:9 ratios), also from the callback's `info` when a record carries it.
 */
export function parseStatus(data: unknown, expectedTaskId?: string): KieTaskStatus {
  const { rec, taskId } = parseRecord("veo", successFlagRecordSchema, data, expectedTaskId);
  const r = rec.response;
  const i = rec.info;
  return normalizedStatus(
    "veo",
    taskId,
    flagOrStatusState(rec.successFlag, rec.status),
    {
      resultUrls: () =>
        firstUrls(
          r?.["resultUrls"],
          r?.["result_urls"],
          i?.["resultUrls"],
          i?.["result_urls"],
          r?.["originUrls"],
          r?.["origin_urls"],
          i?.["originUrls"],
          i?.["origin_urls"],
        ),
      failCode: rec.errorCode,
      failMessage: rec.errorMessage,
      completedAt: rec.completeTime,
    },
    data,
  );
}
