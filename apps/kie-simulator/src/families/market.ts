import { hex32 } from "../ids";
import type { EmptyResultVariant } from "../fault-schema";
import type { SimState, SimTask } from "../task";
import { fileUrls, required, str, type FamilyShape } from "./types";

const videoModel = /video|veo|kling|wan\/|sora|hailuo|seedance|runway/i;

function param(task: SimTask, inputAsString: boolean): string {
  const input = task.param["input"];
  return JSON.stringify({ ...task.param, input: inputAsString ? JSON.stringify(input) : input });
}

/** Fault `emptyResult` (fact sheet §3.1: resultJson is a JSON string): success whose URLs cannot be read. */
function emptyResultJson(variant: EmptyResultVariant): string | null {
  if (variant === "malformedJson") return "{not json";
  if (variant === "nullResponse") return null;
  if (variant === "missingUrlField") return "{}";
  return JSON.stringify({ resultUrls: [] });
}

function marketRecord(
  task: SimTask,
  urls: string[],
  state: SimState,
  alternate: boolean,
  forCallback: boolean,
  empty: EmptyResultVariant | null = null,
): Record<string, unknown> {
  const done = task.completedAt !== null && (state === "success" || state === "fail");
  const costMs = done && task.completedAt !== null ? task.completedAt - task.createdAt : 0;
  const failEmpty = alternate ? null : "";
  return {
    taskId: task.taskId,
    model: task.model,
    state,
    // MCB's callback example nests `input` as a JSON string; the alternate shape does it in records too.
    param: param(task, forCallback || alternate),
    resultJson: state === "success" ? (empty ? emptyResultJson(empty) : JSON.stringify({ resultUrls: urls })) : forCallback || alternate ? null : "",
    failCode: state === "fail" ? String(task.fail?.code ?? 500) : failEmpty,
    failMsg: state === "fail" ? (task.fail?.message ?? "failed") : failEmpty,
    // TD says costTime is ms, the callback spec says seconds.
    costTime: forCallback ? Math.round(costMs / 1000) : costMs,
    completeTime: done ? task.completedAt : null,
    createTime: task.createdAt,
    updateTime: task.updatedAt,
    creditsConsumed: state === "success" ? (task.media === "video" ? 30 : 4) : 0,
  };
}

export const market: FamilyShape = {
  family: "market",
  createPath: "/api/v1/jobs/createTask",
  recordPath: "/api/v1/jobs/recordInfo",
  newTaskId: hex32,
  parseCreate(body) {
    const model = str(body["model"]);
    const input = body["input"];
    if (!model || typeof input !== "object" || input === null || Array.isArray(input)) return required(500);
    const fields = input as Record<string, unknown>;
    const prompt = str(fields["prompt"]);
    if (!prompt) return required(500);
    const media = videoModel.test(model) ? "video" : "photo";
    return {
      ok: true,
      input: {
        model,
        prompt,
        aspectRatio: str(fields["aspect_ratio"]) ?? (media === "video" ? "16:9" : "1:1"),
        media,
        photoFormat: fields["output_format"] === "jpeg" ? "jpeg" : "png",
        callBackUrl: str(body["callBackUrl"]),
      },
    };
  },
  record: (task, ctx) => marketRecord(task, fileUrls(task, ctx), task.state, ctx.alternate, false, ctx.emptyResult),
  callback(task, ctx, state = task.state) {
    const data = marketRecord(task, fileUrls(task, ctx), state, ctx.alternate, true, ctx.emptyResult);
    if (state === "success") return { code: 200, msg: "Playground task completed successfully.", data };
    if (state === "fail") return { code: 501, msg: "Playground task failed.", data };
    return { code: 200, msg: "Playground task in progress.", data };
  },
};
