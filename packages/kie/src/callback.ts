import { z } from "zod";

const taskIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_\-.:]+$/);

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function validTaskId(value: unknown): string | null {
  const parsed = taskIdSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * The task id of a KIE callback body: `taskId` (HMAC sample) ?? `data.taskId` (market/4o/flux/veo) ?? `data.task_id` (runway).
 * Only well-formed ids (≤128 chars of `[A-Za-z0-9_\-.:]`) are returned.
 */
export function extractCallbackTaskId(body: unknown): string | null {
  const top = record(body);
  if (!top) return null;
  const data = record(top["data"]);
  return validTaskId(top["taskId"]) ?? validTaskId(data?.["taskId"]) ?? validTaskId(data?.["task_id"]);
}

export type CallbackStateHint = "success" | "failed" | "generating";

export interface CallbackSummary {
  taskId: string | null;
  code: number | null;
  stateHint: CallbackStateHint | null;
  /** The task's fail code: `data.failCode` (market), `data.errorCode`, else a non-200 callback `code` (4o/Flux/Veo/Runway). */
  failCode: string | null;
  /** KIE's words: `data.failMsg` / `data.errorMessage`, else the callback's `msg`. */
  message: string | null;
}

function codeOf(value: unknown): number | null {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  return typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
}

function textOf(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/** successFlag as 4o/Flux/Veo records spell it, for a callback that carries a whole record. */
function flagHint(flag: number | null): CallbackStateHint | undefined {
  if (flag === 1) return "success";
  if (flag === 2 || flag === 3) return "failed";
  return flag === 0 ? "generating" : undefined;
}

const stateHints: Record<string, CallbackStateHint> = {
  success: "success",
  fail: "failed",
  failed: "failed",
  waiting: "generating",
  wait: "generating",
  queuing: "generating",
  queueing: "generating",
  generating: "generating",
};

/** For logging only: the product never trusts a callback body; it re-reads the task record. */
export function summarizeCallback(body: unknown): CallbackSummary {
  const top = record(body);
  const data = record(top?.["data"]);
  const code = codeOf(top?.["code"]);
  const state = typeof data?.["state"] === "string" ? stateHints[data["state"].toLowerCase()] : undefined;
  const stateHint = state ?? flagHint(codeOf(data?.["successFlag"])) ?? (code === null ? null : code === 200 ? "success" : "failed");
  const recordCode = codeOf(data?.["failCode"]) ?? codeOf(data?.["errorCode"]);
  const failed = stateHint === "failed";
  const failCode = !failed
    ? null
    : recordCode !== null && recordCode !== 0 && recordCode !== 200
      ? String(recordCode)
      : code !== null && code !== 200
        ? String(code)
        : null;
  const message = textOf(data?.["failMsg"]) ?? textOf(data?.["errorMessage"]) ?? textOf(top?.["msg"]) ?? textOf(top?.["message"]);
  return { taskId: extractCallbackTaskId(body), code, stateHint, failCode, message };
}
