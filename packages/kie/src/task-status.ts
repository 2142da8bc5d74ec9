import type { KieFamily } from "./families";

/** `expired`: KIE finished the task once but its result is gone (Runway `expireFlag: 1`); nothing is left to copy. */
export type KieTaskState = "queued" | "generating" | "success" | "failed" | "expired";

/** One normalized task status for every KIE family. */
export interface KieTaskStatus {
  taskId: string;
  family: KieFamily;
  state: KieTaskState;
  /** Result media URLs (temporary KIE links); empty unless `state === "success"`, and may be empty even then. */
  resultUrls: string[];
  /** Cover/thumbnail URL when the family provides one (Runway). */
  coverUrl: string | null;
  /** KIE's fail code as a string (record field, or the record read's envelope code such as "501"); only when failed. */
  failCode: string | null;
  failMessage: string | null;
  completedAt: Date | null;
  /** The record `data` as received, for logging/debugging. */
  raw: unknown;
}

export function isTerminalState(state: KieTaskState): boolean {
  return state === "success" || state === "failed" || state === "expired";
}
