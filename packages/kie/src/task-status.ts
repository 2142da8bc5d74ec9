import type { KieFamily } from "./families";

export type KieTaskState = "queued" | "generating" | "success" | "failed";

/** One normalized task status for every KIE family. */
export interface KieTaskStatus {
  taskId: string;
  family: KieFamily;
  state: KieTaskState;
  /** Result media URLs (temporary KIE links); empty unless `state === "success"`. */
  resultUrls: string[];
  /** Cover/thumbnail URL when the family provides one (Runway). */
  coverUrl: string | null;
  failCode: string | null;
  failMessage: string | null;
  completedAt: Date | null;
  /** The record `data` as received, for logging/debugging. */
  raw: unknown;
}

export function isTerminalState(state: KieTaskState): boolean {
  return state === "success" || state === "failed";
}
