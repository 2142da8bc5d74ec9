import type { KieApiError } from "./errors";
import type { KieFamily } from "./families";

/** One finished KIE call: which family (`common` for account-wide endpoints), what, and how it ended. */
export interface KieCallReport {
  family: KieFamily | "common";
  operation: "create_task" | "task_status" | "download_url" | "credits";
  /** `ok`, `task_failed` (a status read reporting the task's failure), or the error kind it threw. */
  outcome: "ok" | "task_failed" | KieApiError["kind"] | "error";
  seconds: number;
}

/** A wait for a rate limiter before a call: this process's own, or the one shared by every process on the key. */
export interface KieLimiterWaitReport {
  kind: "create" | "status";
  limiter: "process" | "shared";
  seconds: number;
}

export interface KieClientObserver {
  onCall?(report: KieCallReport): void;
  onLimiterWait?(report: KieLimiterWaitReport): void;
}
