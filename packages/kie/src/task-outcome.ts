import type { KieFamily } from "./families";
import type { KieEnvelope } from "./envelope";
import type { KieTaskStatus } from "./task-status";

/**
 * Envelope codes that, on a record read, are the task's own failure rather than a failed call: 400 prompt flagged,
 * 408 no result for over 10 minutes, 451 input image fetch failed (Veo, Runway), 501 Generation Failed (Market,
 * Flux). They are accepted for every family because KIE's pages disagree about which family sends which.
 */
export const taskFailureCodes: ReadonlySet<number> = new Set([400, 408, 451, 501]);

/** A record read whose envelope reports the task failed, as a failed status carrying KIE's code and message. */
export function failedFromEnvelope(family: KieFamily, taskId: string, envelope: KieEnvelope): KieTaskStatus {
  return {
    taskId,
    family,
    state: "failed",
    resultUrls: [],
    coverUrl: null,
    failCode: String(envelope.code),
    failMessage: envelope.msg,
    completedAt: null,
    raw: envelope.data,
  };
}
