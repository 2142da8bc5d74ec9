import type { EmptyResultVariant } from "../fault-schema";
import { veoTaskId } from "../ids";
import { fileUrls, invalid, plainTime, required, str, type FamilyShape } from "./types";

const aspects = ["16:9", "9:16", "Auto"];
const models = ["veo3", "veo3_fast"];

/** Fault `emptyResult` (fact sheet §3.4): response without `resultUrls`/`originUrls`, with empty lists, or null. */
function veoEmpty(full: Record<string, unknown>, empty: EmptyResultVariant | null): Record<string, unknown> | null {
  if (!empty) return full;
  if (empty === "nullResponse") return null;
  const { resultUrls: _r, originUrls: _o, ...rest } = full;
  return empty === "missingUrlField" ? rest : { ...rest, resultUrls: [] };
}

export const veo: FamilyShape = {
  family: "veo",
  createPath: "/api/v1/veo/generate",
  recordPath: "/api/v1/veo/record-info",
  newTaskId: veoTaskId,
  parseCreate(body) {
    const prompt = str(body["prompt"]);
    if (!prompt) return required();
    // One cURL sample in the docs writes `aspect_ratio`.
    const aspect = str(body["aspectRatio"]) ?? str(body["aspect_ratio"]) ?? "16:9";
    const model = str(body["model"]) ?? "veo3_fast";
    if (!aspects.includes(aspect)) return invalid("aspectRatio must be 16:9, 9:16 or Auto");
    if (!models.includes(model)) return invalid("model must be veo3 or veo3_fast");
    return {
      ok: true,
      input: { model, prompt, aspectRatio: aspect === "Auto" ? "16:9" : aspect, media: "video", photoFormat: "png", callBackUrl: str(body["callBackUrl"]) },
    };
  },
  record(task, ctx) {
    const urls = fileUrls(task, ctx);
    const full = {
      taskId: task.taskId,
      resultUrls: ctx.alternate ? JSON.stringify(urls) : urls,
      ...(task.aspectRatio === "16:9" ? {} : { originUrls: urls }),
      resolution: "720p",
    };
    const response = veoEmpty(full, ctx.emptyResult);
    return {
      taskId: task.taskId,
      paramJson: JSON.stringify(task.param),
      completeTime: plainTime(task.completedAt),
      createTime: plainTime(task.createdAt),
      response: task.state === "success" ? response : null,
      successFlag: task.state === "success" ? 1 : task.state === "fail" ? 2 : 0,
      errorCode: task.state === "fail" ? (task.fail?.code ?? 501) : null,
      errorMessage: task.state === "fail" ? (task.fail?.message ?? "failed") : "",
      fallbackFlag: false,
    };
  },
  callback(task, ctx, state = task.state) {
    const urls = fileUrls(task, ctx);
    if (state === "success") {
      const info = veoEmpty({ resultUrls: urls, ...(task.aspectRatio === "16:9" ? {} : { originUrls: urls }), resolution: "720p" }, ctx.emptyResult);
      return { code: 200, msg: "Veo3.1 video generated successfully.", data: { taskId: task.taskId, info, fallbackFlag: false } };
    }
    if (state === "fail")
      return { code: task.fail?.code ?? 501, msg: task.fail?.message ?? "failed", data: { taskId: task.taskId, info: null, fallbackFlag: false } };
    return { code: 200, msg: "generating", data: { taskId: task.taskId, state: "generating", info: null } };
  },
};
