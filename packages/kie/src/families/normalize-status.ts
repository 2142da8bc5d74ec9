import { z } from "zod";

import type { KieFamily } from "../families";
import type { KieTaskState, KieTaskStatus } from "../task-status";
import { lenient } from "./lenient-fields";

/** The record shape the successFlag families (4o, Flux, Veo) share; 4o adds `status`. */
export const successFlagRecordSchema = z.looseObject({
  taskId: lenient.text,
  successFlag: lenient.int,
  response: lenient.record,
  errorCode: lenient.code,
  errorMessage: lenient.text,
  completeTime: lenient.time,
});

/** successFlag: 0 generating, 1 success, 2 create failed, 3 generation failed; null when absent. */
export function successFlagState(flag: number | null): KieTaskState | null {
  if (flag === 1) return "success";
  if (flag === 2 || flag === 3) return "failed";
  if (flag === 0) return "generating";
  return null;
}

/** Every state spelling the market and Runway records use (`queuing`/`queueing`, `wait`/`waiting`, `fail`/`failed`). */
export const stateSpellings: Record<string, KieTaskState> = {
  wait: "queued",
  waiting: "queued",
  queuing: "queued",
  queueing: "queued",
  generating: "generating",
  success: "success",
  fail: "failed",
  failed: "failed",
};

export const spelledState = (state: string | null): KieTaskState => stateSpellings[(state ?? "").toLowerCase()] ?? "generating";

/**
 * Assemble the one normalised status: result and cover URLs count only on success, fail code and message only on
 * failure, completion time only in a terminal state (KIE fills these fields loosely otherwise).
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
  return {
    taskId,
    family,
    state,
    resultUrls: success ? fields.resultUrls() : [],
    coverUrl: success ? (fields.coverUrl?.() ?? null) : null,
    failCode: failed ? fields.failCode : null,
    failMessage: failed ? fields.failMessage : null,
    completedAt: success || failed ? fields.completedAt : null,
    raw,
  };
}
