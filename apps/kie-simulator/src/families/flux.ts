import type { EmptyResultVariant } from "../fault-schema";
import { hex32 } from "../ids";
import { fileUrls, invalid, required, str, type FamilyShape } from "./types";

const aspects = ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"];
const models = ["flux-kontext-pro", "flux-kontext-max"];
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Fault `emptyResult` (fact sheet §3.3): `missingUrlField` drops `resultImageUrl`, `emptyList` leaves it "". */
function fluxResponse(url: string | null, empty: EmptyResultVariant | null): Record<string, unknown> | null {
  if (!empty) return { originImageUrl: url, resultImageUrl: url };
  if (empty === "nullResponse") return null;
  if (empty === "missingUrlField") return {};
  return { originImageUrl: "", resultImageUrl: "" };
}

export const flux: FamilyShape = {
  family: "flux",
  createPath: "/api/v1/flux/kontext/generate",
  recordPath: "/api/v1/flux/kontext/record-info",
  newTaskId: hex32,
  parseCreate(body) {
    const prompt = str(body["prompt"]);
    if (!prompt) return required();
    const aspectRatio = str(body["aspectRatio"]) ?? "16:9";
    const model = str(body["model"]) ?? "flux-kontext-pro";
    if (!aspects.includes(aspectRatio)) return invalid(`aspectRatio must be one of ${aspects.join(", ")}`);
    if (!models.includes(model)) return invalid("model must be flux-kontext-pro or flux-kontext-max");
    const photoFormat = body["outputFormat"] === "png" ? "png" : "jpeg";
    return { ok: true, input: { model, prompt, aspectRatio, media: "photo", photoFormat, callBackUrl: str(body["callBackUrl"]) } };
  },
  record(task, ctx) {
    const url = fileUrls(task, ctx)[0] ?? null;
    return {
      taskId: task.taskId,
      paramJson: JSON.stringify(task.param),
      completeTime: iso(task.completedAt),
      createTime: iso(task.createdAt),
      response: task.state === "success" ? fluxResponse(url, ctx.emptyResult) : null,
      successFlag: task.state === "success" ? 1 : task.state === "fail" ? 3 : 0,
      errorCode: task.state === "fail" ? (task.fail?.code ?? 501) : null,
      errorMessage: task.state === "fail" ? (task.fail?.message ?? "failed") : "",
    };
  },
  callback(task, ctx, state = task.state) {
    const url = fileUrls(task, ctx)[0] ?? null;
    if (state === "success") {
      return { code: 200, msg: "BFL image generated successfully.", data: { taskId: task.taskId, info: fluxResponse(url, ctx.emptyResult) } };
    }
    if (state === "fail") return { code: task.fail?.code ?? 501, msg: task.fail?.message ?? "failed", data: { taskId: task.taskId, info: null } };
    return { code: 200, msg: "generating", data: { taskId: task.taskId, state: "generating", info: null } };
  },
};
