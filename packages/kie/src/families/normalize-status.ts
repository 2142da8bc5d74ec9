import { z } from "zod";

import type { KieFamily } from "../families";
import type { KieTaskState, KieTaskStatus } from "../task-status";
import { lenient } from "./lenient-fields";

/** The record shape the successFlag families (4o, Flux, Veo) share; 4o adds `status`. */
export const successFlagRecordSchema = z.looseObject({
  taskId: lenient.text,
  successFlag: lenient.int,
  status: lenient.text,
  response: lenient.record,
  /** The callback shape's result object; a record that carries it is read the same way. */
  info: lenient.record,
  errorCode: lenient.code,
  errorMessage: lenient.text,
  completeTime: lenient.time,
});

/** successFlag: 0 generating, 1 success, 2 create failed, 3 generation failed; null when absent. */
function successFlagState(flag: number | null): KieTaskState | null {
  if (flag === 1) return "success";
  if (flag === 2 || flag === 3) return "failed";
  if (flag === 0) return "generating";
  return null;
}

/** Every state spelling the market and Runway records use (`queuing`/`queueing`, `wait`/`waiting`, `fail`/`failed`). */
const stateSpellings: Record<string, KieTaskState> = {
  wait: "queued",
  waiting: "queued",
  queuing: "queued",
  queueing: "queued",
  generating: "generating",
  success: "success",
  fail: "failed",
  failed: "failed",
};

/**
 * successFlag first; the `status` spelling (GENERATING, SUCCESS, CREATE_TASK_FAILED, GENERATE_FAILED) when the flag is
 * absent or undocumented; generating when neither says anything.
 */
export function flagOrStatusState(successFlag: number | null, status: string | null): KieTaskState {
  const s = (status ?? "").trim().toUpperCase();
  const fromStatus: KieTaskState | null = s === "SUCCESS" ? "success" : s.endsWith("FAILED") || s === "FAIL" ? "failed" : s === "" ? null : "generating";
  return successFlagState(successFlag) ?? fromStatus ?? "generating";
}

export const spelledState = (state: string | null): KieTaskState => stateSpellings[(state ?? "").toLowerCase()] ?? "generating";

/**
 * Assemble the one normalised status: result and cover URLs count only on success, fail code and message only on
 * failure, completion time only in a terminal state (KIE fills these fields loosely otherwise). An expired task keeps
 * no URLs: KIE has deleted what they pointed at.
 */
export function normalizedStatus(
  family: KieFamily,
  taskId: string,
  state: KieTaskState,
  fields: { resultUrls: () => string[]; coverUrl?: () => string | null; failCode: string | null; failMessage: string | null; completedAt: Date | null },
  raw: unknown,
): KieTaskStatus {
  const success = state === "success";
  const failed = state === "failed";
  const terminal = success || failed || state === "expired";
  return {
    taskId,
    family,
    state,
    resultUrls: success ? fields.resultUrls() : [],
    coverUrl: success ? (fields.coverUrl?.() ?? null) : null,
    failCode: failed ? fields.failCode : null,
    failMessage: failed ? fields.failMessage : null,
    completedAt: terminal ? fields.completedAt : null,
    raw,
  };
}
