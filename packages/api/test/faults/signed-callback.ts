import { signCallback } from "@lensroom/kie/signature";

import { TEST_SECRETS } from "../../src/testing";

export const nowSec = () => Math.floor(Date.now() / 1000);

/** A market-family success callback as KIE sends it (the body is only a hint; the sync re-reads KIE). */
export function marketCallbackBody(taskId: string, extra: Record<string, unknown> = {}) {
  return {
    code: 200,
    msg: "Playground task completed successfully.",
    data: { taskId, state: "success", resultJson: '{"resultUrls":["https://tempfile.aiquickdraw.com/x.png"]}', ...extra },
  };
}

/** KIE's headers: X-Webhook-Timestamp and base64 HMAC-SHA256 of `taskId.timestamp`. */
export function signedHeaders(taskId: string, ts: number | string = nowSec(), key: string = TEST_SECRETS.KIE_CALLBACK_SECRET): Record<string, string> {
  return { "content-type": "application/json", "x-webhook-timestamp": String(ts), "x-webhook-signature": signCallback(key, taskId, ts) };
}

/** POST one signed callback over loopback HTTP; resolves with the status and how long the answer took. */
export async function postSignedCallback(webhookUrl: string, taskId: string, body: unknown = marketCallbackBody(taskId), timeoutMs = 15_000) {
  const started = performance.now();
  const response = await fetch(`${webhookUrl}/api/webhooks/kie`, {
    method: "POST",
    headers: signedHeaders(taskId),
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  return { status: response.status, ms: performance.now() - started, text };
}
