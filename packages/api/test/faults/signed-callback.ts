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
