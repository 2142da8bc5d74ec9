import type { IntervalHistogram } from "node:perf_hooks";

import type { FaultController } from "./faults";
import type { ResolvedOptions } from "./options";
import { RateWindow } from "./rate-window";
import type { Scheduler } from "./scheduler";
import type { ShapeContext, SimTask } from "./task";

export interface DownloadGrant {
  taskId: string;
  name: string;
  expiresAt: number;
}

/** Shared state of one simulator instance. */
export interface SimContext {
  opts: ResolvedOptions;
  faults: FaultController;
  scheduler: Scheduler;
  tasks: Map<string, SimTask>;
  downloadGrants: Map<string, DownloadGrant>;
  createWindow: RateWindow;
  recordWindow: RateWindow;
  /**
   * This process's event-loop delay since start: KIE stamps a request when the loop reads it, so a stall here
   * bunches requests that were sent apart (benchmarks report its maximum next to the 429 count).
   */
  eventLoopDelay: IntervalHistogram;
  baseUrl(): string;
}

export function newRateWindows(): Pick<SimContext, "createWindow" | "recordWindow"> {
  return { createWindow: new RateWindow(20, 10_000), recordWindow: new RateWindow(10, 1_000) };
}

export function fileUrlFor(ctx: SimContext, taskId: string, name: string): string {
  return `${ctx.baseUrl()}/files/${encodeURIComponent(taskId)}/${name}`;
}

export function resultExpired(ctx: SimContext, task: SimTask, now = Date.now()): boolean {
  if (task.completedAt === null) return false;
  const ttl = ctx.faults.effective(task.taskId).resultTtlMs ?? ctx.opts.resultTtlMs;
  return now > task.completedAt + ttl;
}

export function shapeContext(ctx: SimContext, task: SimTask): ShapeContext {
  return {
    fileUrl: (name) => fileUrlFor(ctx, task.taskId, name),
    alternate: ctx.faults.effective(task.taskId).shapeVariant === "alternate",
    expired: resultExpired(ctx, task),
  };
}
