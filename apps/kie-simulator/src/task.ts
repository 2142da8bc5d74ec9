import type { EmptyResultVariant } from "./fault-schema";
import type { RenderedFile } from "./render/render-cache";

export type SimFamily = "market" | "gpt4o" | "flux" | "veo" | "runway";
export type SimState = "waiting" | "queuing" | "generating" | "success" | "fail";

export interface CallbackAttempt {
  kind: "final" | "retry" | "duplicate" | "stale";
  at: number;
  /** HTTP status from the receiver, or null (timeout / network error / lost). */
  status: number | null;
  error: string | null;
  lost: boolean;
}

export interface SimFile extends RenderedFile {
  name: string;
}

/** A simulated KIE task (mutable inside the simulator; tests see snapshots). */
export interface SimTask {
  taskId: string;
  family: SimFamily;
  model: string;
  prompt: string;
  aspectRatio: string;
  media: "photo" | "video";
  callBackUrl: string | null;
  /** The create request body as received. */
  param: Record<string, unknown>;
  state: SimState;
  createdAt: number;
  updatedAt: number;
  completedAt: number | null;
  files: SimFile[];
  cover: SimFile | null;
  fail: { code: number; message: string } | null;
  callbacks: CallbackAttempt[];
  /** Success reads answered empty so far (fault `emptyResult` with `reads`). */
  emptyResultReads: number;
}

/** What a record/callback builder needs besides the task. */
export interface ShapeContext {
  fileUrl(name: string): string;
  alternate: boolean;
  /** Result links past their TTL (Runway reports `expireFlag: 1`). */
  expired: boolean;
  /** Fault `emptyResult`: answer success without readable URLs, in this variant (null = normal). */
  emptyResult: EmptyResultVariant | null;
}

export interface SimTaskSnapshot extends Omit<SimTask, "files" | "cover"> {
  files: Array<{ name: string; contentType: string; size: number; url: string }>;
  cover: { name: string; contentType: string; size: number; url: string } | null;
}

export function snapshotTask(task: SimTask, fileUrl: (name: string) => string): SimTaskSnapshot {
  const f = (x: SimFile) => ({ name: x.name, contentType: x.contentType, size: x.bytes.length, url: fileUrl(x.name) });
  return {
    ...task,
    param: structuredClone(task.param),
    callbacks: task.callbacks.map((c) => ({ ...c })),
    fail: task.fail ? { ...task.fail } : null,
    files: task.files.map(f),
    cover: task.cover ? f(task.cover) : null,
  };
}
