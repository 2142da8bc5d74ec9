import type { ELDHistogram } from "node:perf_hooks";

import type { FaultController } from "./faults";
import type { ResolvedOptions } from "./options";
import { RateWindow } from "./rate-window";
import type { Scheduler } from "./scheduler";
import type { ShapeContext, SimTask } from "./task";

interface DownloadGrant {
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
  eventLoopDelay: ELDHistogram;
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
  const faults = ctx.faults.effective(task.taskId);
  if (faults.resultGone && now >= task.completedAt + (faults.resultGone.afterMs ?? 0)) return true;
  const ttl = faults.resultTtlMs ?? ctx.opts.resultTtlMs;
  return now > task.completedAt + ttl;
}

/** The HTTP status an expired result URL answers: fault `resultGone.status` (404/410), else 404. */
export function expiredStatus(ctx: SimContext, task: SimTask): 404 | 410 {
  return ctx.faults.effective(task.taskId).resultGone?.status ?? 404;
}

/**
 * `read`: this is a record read (a transient `emptyResult` counts it and goes away after `reads` success reads);
 * callbacks (sent at completion) get the empty variant whenever the fault is set.
 */
export function shapeContext(ctx: SimContext, task: SimTask, read = false): ShapeContext {
  const faults = ctx.faults.effective(task.taskId);
  let emptyResult = faults.emptyResult?.variant ?? null;
  const reads = faults.emptyResult?.reads;
  if (emptyResult && reads !== undefined && read && task.state === "success") {
    if (task.emptyResultReads >= reads) emptyResult = null;
    else task.emptyResultReads += 1;
  }
  return {
    fileUrl: (name) => fileUrlFor(ctx, task.taskId, name),
    alternate: faults.shapeVariant === "alternate",
    expired: resultExpired(ctx, task),
    emptyResult,
  };
}
