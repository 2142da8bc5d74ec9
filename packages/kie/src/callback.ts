import { z } from "zod";

const taskIdSchema = z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9_\-.:]+$/);

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
  const rawCode = top?.["code"];
  const code = typeof rawCode === "number" && Number.isInteger(rawCode) ? rawCode : typeof rawCode === "string" && /^\d+$/.test(rawCode) ? Number(rawCode) : null;
  const state = typeof data?.["state"] === "string" ? stateHints[data["state"].toLowerCase()] : undefined;
  const stateHint = state ?? (code === null ? null : code === 200 ? "success" : "failed");
  return { taskId: extractCallbackTaskId(body), code, stateHint };
}
