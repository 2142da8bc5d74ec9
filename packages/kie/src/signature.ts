import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** KIE webhook signature: base64(HMAC-SHA256(key as UTF-8, `${taskId}.${timestampSec}`)). Standard Base64, not hex. */
export function signCallback(key: string, taskId: string, timestampSec: number | string): string {
  return createHmac("sha256", Buffer.from(key, "utf8")).update(`${taskId}.${timestampSec}`, "utf8").digest("base64");
}

export type CallbackSignatureResult = "ok" | "missing" | "stale" | "mismatch";

export interface VerifyCallbackSignatureInput {
  key: string;
  taskId: string | null | undefined;
  /** `X-Webhook-Timestamp` header: integer Unix seconds. */
  timestamp: string | null | undefined;
  /** `X-Webhook-Signature` header. */
  signature: string | null | undefined;
  nowSec?: number;
  toleranceSec?: number;
}

const integerSeconds = /^\d{1,12}$/;

/**
 * Verify a KIE callback. The body is NOT covered by the signature: after "ok", re-read the task's record as truth.
 * A malformed (non-integer) timestamp counts as "mismatch".
 */
export function verifyCallbackSignature(input: VerifyCallbackSignatureInput): CallbackSignatureResult {
  if (!input.key) throw new Error("verifyCallbackSignature: an HMAC key is required");
  const { taskId, timestamp, signature } = input;
  if (!taskId || !timestamp || !signature) return "missing";
  const ts = timestamp.trim();
  if (!integerSeconds.test(ts)) return "mismatch";
  const nowSec = input.nowSec ?? Math.floor(Date.now() / 1000);
  if (Math.abs(nowSec - Number(ts)) > (input.toleranceSec ?? 300)) return "stale";
  const expected = Buffer.from(signCallback(input.key, taskId, ts), "utf8");
  const given = Buffer.from(signature.trim(), "utf8");
  if (expected.length !== given.length) return "mismatch";
  return timingSafeEqual(expected, given) ? "ok" : "mismatch";
}

/** Constant-time comparison for the legacy `?secret=` callback token (hashing equalizes lengths). Empty never matches. */
export function safeEqualSecret(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const ha = createHash("sha256").update(a, "utf8").digest();
  const hb = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(ha, hb);
}
