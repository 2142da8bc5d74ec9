import type { EmptyResultVariant } from "../fault-schema";
import { uuid } from "../ids";
import type { SimState } from "../task";
import { fileUrls, invalid, plainTime, required, str, type FamilyShape } from "./types";

const aspects = ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"];
const runwayState: Record<SimState, string> = { waiting: "wait", queuing: "queueing", generating: "generating", success: "success", fail: "fail" };

/** Fault `emptyResult` (fact sheet §3.5): videoInfo null, without `videoUrl`, or with an empty one. */
function runwayVideoInfo(info: Record<string, unknown>, empty: EmptyResultVariant | null): Record<string, unknown> | null {
  if (!empty) return info;
  if (empty === "nullResponse") return null;
  const { videoUrl: _v, ...rest } = info;
  return empty === "missingUrlField" ? rest : { ...rest, videoUrl: "" };
}

export const runway: FamilyShape = {
  family: "runway",
  createPath: "/api/v1/runway/generate",
  recordPath: "/api/v1/runway/record-detail",
  newTaskId: uuid,
  parseCreate(body) {
    const prompt = str(body["prompt"]);
    const aspectRatio = str(body["aspectRatio"]);
    if (!prompt) return required();
    if (!aspectRatio && !str(body["imageUrl"])) return required();
    if (aspectRatio && !aspects.includes(aspectRatio)) return invalid(`aspectRatio must be one of ${aspects.join(", ")}`);
    // Docs disagree on 5/10 vs 5/8; older builds send `model: runway-duration-5-generate` instead.
    if (body["duration"] !== undefined && ![5, 8, 10].includes(Number(body["duration"]))) return invalid("duration must be 5 or 10");
    return {
      ok: true,
      input: { model: "runway", prompt, aspectRatio: aspectRatio ?? "16:9", media: "video", photoFormat: "png", callBackUrl: str(body["callBackUrl"]) },
    };
  },
  record(task, ctx) {
    const videoUrl = fileUrls(task, ctx)[0] ?? "";
    const imageUrl = task.cover ? ctx.fileUrl(task.cover.name) : "";
    return {
      taskId: task.taskId,
      parentTaskId: "",
      generateParam: { prompt: task.prompt, imageUrl: str(task.param["imageUrl"]) ?? "", expandPrompt: true },
      state: runwayState[task.state],
      generateTime: plainTime(task.completedAt ?? task.createdAt),
      videoInfo:
        task.state === "success"
          ? runwayVideoInfo({ videoId: task.taskId.replace(/-/g, "").slice(0, 16), taskId: task.taskId, videoUrl, imageUrl }, ctx.emptyResult)
          : null,
      failCode: task.state === "fail" ? (task.fail?.code ?? 500) : null,
      failMsg: task.state === "fail" ? (task.fail?.message ?? "failed") : "",
      expireFlag: ctx.expired ? 1 : 0,
    };
  },
  callback(task, ctx, state = task.state) {
    const ok = state === "success";
    const data = {
      task_id: task.taskId,
      video_id: ok ? task.taskId.replace(/-/g, "").slice(0, 16) : "",
      video_url: ok && !ctx.emptyResult ? (fileUrls(task, ctx)[0] ?? "") : "",
      image_url: ok && task.cover ? ctx.fileUrl(task.cover.name) : "",
      ...(ok || state === "fail" ? {} : { state: "generating" }),
    };
    if (ok) return { code: 200, msg: "All generated successfully.", data };
    if (state === "fail") return { code: task.fail?.code ?? 500, msg: task.fail?.message ?? "failed", data };
    return { code: 200, msg: "generating", data };
  },
};
