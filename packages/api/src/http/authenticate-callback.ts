import { safeEqualSecret, verifyCallbackSignature } from "@lensroom/kie/signature";

export type CallbackAuth = { ok: true; scheme: "hmac" | "token" } | { ok: false; scheme: "hmac" | "token" | null; reason: "missing" | "stale" | "mismatch" };

/**
 * KIE signs `taskId.timestamp` (HMAC-SHA256, base64) in `X-Webhook-Signature` / `X-Webhook-Timestamp`; deployments
 * configured the old way put `?secret=` on the callback URL instead. Both are compared in constant time.
 */
export function authenticateCallback(request: Request, taskId: string | null, secret: string, nowSec?: number): CallbackAuth {
  const signature = request.headers.get("x-webhook-signature");
  const timestamp = request.headers.get("x-webhook-timestamp");
  if (signature || timestamp) {
    const result = verifyCallbackSignature({ key: secret, taskId, timestamp, signature, nowSec, toleranceSec: 300 });
    return result === "ok" ? { ok: true, scheme: "hmac" } : { ok: false, scheme: "hmac", reason: result };
  }
  const token = new URL(request.url).searchParams.get("secret");
  if (token !== null) {
    return safeEqualSecret(token, secret) ? { ok: true, scheme: "token" } : { ok: false, scheme: "token", reason: "mismatch" };
  }
  return { ok: false, scheme: null, reason: "missing" };
}
