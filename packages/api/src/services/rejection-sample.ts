import { keptHeaders } from "./record-delivery";
import type { RejectedVerdict, RejectionSample } from "./store-rejections";

/** Characters of a rejected body a sample keeps: enough to see what was sent, too little to abuse. */
export const SAMPLE_BODY_CHARS = 2_048;
const SAMPLE_HEADER_CHARS = 512;
const SAMPLE_TASK_ID_CHARS = 128;

/**
 * The first `limit` characters of `text` as a fresh string (a slice would keep the whole body alive in memory), never
 * ending in half a surrogate pair, with NUL (which Postgres text cannot hold) shown as U+FFFD.
 */
function cut(text: string, limit: number): string {
  let end = Math.min(text.length, limit);
  if (end < text.length && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end--;
  return Buffer.from(text.slice(0, end).replace(/\0/g, "\uFFFD"), "utf8").toString("utf8");
}

export interface Rejection {
  verdict: RejectedVerdict;
  /** What the sender is answered. */
  reason: string;
  headers: Headers;
  /** The body as read; empty when it was not read (too large, wrong type). */
  body: string;
  /** The body's size in bytes, as read or as declared. */
  bodyBytes: number;
  taskId: string | null;
  authScheme: string | null;
}

/** A rejected callback cut to a sample's bounds. */
export function rejectionSample(rejection: Rejection): RejectionSample {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(keptHeaders(rejection.headers))) headers[name] = cut(value, SAMPLE_HEADER_CHARS);
  return {
    verdict: rejection.verdict,
    reason: cut(rejection.reason, SAMPLE_HEADER_CHARS),
    taskId: rejection.taskId === null ? null : cut(rejection.taskId, SAMPLE_TASK_ID_CHARS),
    authScheme: rejection.authScheme,
    headers,
    body: cut(rejection.body, SAMPLE_BODY_CHARS),
    bodyBytes: rejection.bodyBytes,
  };
}
