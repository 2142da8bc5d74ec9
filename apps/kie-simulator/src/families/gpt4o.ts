import { hex32 } from "../ids";
import type { SimTask } from "../task";
import { fileUrls, invalid, plainTime, required, str, type FamilyShape } from "./types";

const sizes = ["1:1", "3:2", "2:3"];

function flags(task: SimTask): { successFlag: number; status: string; progress: string } {
  if (task.state === "success") return { successFlag: 1, status: "SUCCESS", progress: "1.00" };
  if (task.state === "fail") return { successFlag: 2, status: "GENERATE_FAILED", progress: "0.00" };
  return { successFlag: 0, status: "GENERATING", progress: task.state === "generating" ? "0.50" : "0.00" };
}

export const gpt4o: FamilyShape = {
  family: "gpt4o",
  createPath: "/api/v1/gpt4o-image/generate",
  recordPath: "/api/v1/gpt4o-image/record-info",
  newTaskId: hex32,
  parseCreate(body) {
    const size = str(body["size"]);
    const prompt = str(body["prompt"]);
    const files = Array.isArray(body["filesUrl"]) ? body["filesUrl"] : [];
    if (!size) return required();
    if (!sizes.includes(size)) return invalid("size must be one of 1:1, 3:2, 2:3");
    if (!prompt && files.length === 0) return required();
    return {
      ok: true,
      input: { model: "gpt-4o-image", prompt: prompt ?? "edit", aspectRatio: size, media: "photo", photoFormat: "png", callBackUrl: str(body["callBackUrl"]) },
    };
  },
  record(task, ctx) {
    const urls = fileUrls(task, ctx);
    const time = (ms: number | null) => (ctx.alternate ? plainTime(ms) : ms);
    const ok = task.state === "success";
    // 4R documents `resultUrls`, 4Q `result_urls`.
    let response: unknown = ok ? (ctx.alternate ? { result_urls: urls } : { resultUrls: urls }) : null;
    let info: unknown;
    // Fault `emptyResult` (fact sheet §3.2 / §4.2): success without readable URLs, or URLs only under `data.info.result_urls`.
    if (ok && ctx.emptyResult) {
      const e = ctx.emptyResult;
      response = e === "nullResponse" || e === "nestedInfo" ? null : e === "malformedJson" ? "{not json" : e === "missingUrlField" ? {} : { resultUrls: [] };
      if (e === "nestedInfo") info = { result_urls: urls };
    }
    return {
      taskId: task.taskId,
      paramJson: JSON.stringify(task.param),
      completeTime: time(task.completedAt),
      createTime: time(task.createdAt),
      response,
      ...(info === undefined ? {} : { info }),
      ...flags(task),
      errorCode: task.state === "fail" ? (task.fail?.code ?? 500) : null,
      errorMessage: task.state === "fail" ? (task.fail?.message ?? "failed") : "",
    };
  },
  callback(task, ctx, state = task.state) {
    if (state === "success") {
      const empty = ctx.emptyResult && ctx.emptyResult !== "nestedInfo";
      return {
        code: 200,
        msg: "success",
        data: { taskId: task.taskId, info: empty ? (ctx.emptyResult === "nullResponse" ? null : { result_urls: [] }) : { result_urls: fileUrls(task, ctx) } },
      };
    }
    if (state === "fail") return { code: task.fail?.code ?? 500, msg: task.fail?.message ?? "failed", data: { taskId: task.taskId, info: null } };
    return { code: 200, msg: "generating", data: { taskId: task.taskId, state: "generating", info: null } };
  },
};
