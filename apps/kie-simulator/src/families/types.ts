import type { ShapeContext, SimFamily, SimState, SimTask } from "../task";

export interface CreateInput {
  model: string;
  prompt: string;
  aspectRatio: string;
  media: "photo" | "video";
  photoFormat: "png" | "jpeg";
  callBackUrl: string | null;
}

export type CreateParse = { ok: true; input: CreateInput } | { ok: false; code: number; msg: string };

export interface FamilyShape {
  family: SimFamily;
  createPath: string;
  recordPath: string;
  newTaskId(): string;
  parseCreate(body: Record<string, unknown>): CreateParse;
  /** `data` of the record endpoint. */
  record(task: SimTask, ctx: ShapeContext): unknown;
  /** The callback body; `state` overrides the task state (for out-of-order "generating" callbacks). */
  callback(task: SimTask, ctx: ShapeContext, state?: SimState): unknown;
}

export function fileUrls(task: SimTask, ctx: ShapeContext): string[] {
  return task.files.map((f) => ctx.fileUrl(f.name));
}

export function str(v: unknown): string | null {
  return typeof v === "string" && v.trim() !== "" ? v : null;
}

/** KIE's answer to a missing required field (market answers 500, the others 422). */
export const required = (code = 422): CreateParse => ({ ok: false, code, msg: "This field is required" });
export const invalid = (msg: string): CreateParse => ({ ok: false, code: 422, msg });

/** "YYYY-MM-DD HH:mm:ss" (UTC), the string time format some KIE pages show. */
export function plainTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}
