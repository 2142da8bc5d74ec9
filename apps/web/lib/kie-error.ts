import type { LibraryItem } from "./library-item";

export type KieErrorKey =
  | "kie_insufficient_credits"
  | "kie_maintenance"
  | "kie_rate_limited"
  | "kie_queue_full"
  | "kie_unauthorized"
  | "kie_validation"
  | "kie_content_policy"
  | "kie_input_fetch_failed"
  | "kie_feature_disabled"
  | "kie_timeout"
  | "kie_network"
  | "kie_server"
  | "generic";

const BY_CODE: Record<string, KieErrorKey> = {
  kie_insufficient_credits: "kie_insufficient_credits",
  kie_maintenance: "kie_maintenance",
  kie_rate_limited: "kie_rate_limited",
  kie_queue_full: "kie_queue_full",
  kie_unauthorized: "kie_unauthorized",
  kie_validation: "kie_validation",
  kie_input_fetch_failed: "kie_input_fetch_failed",
  kie_feature_disabled: "kie_feature_disabled",
  kie_timeout: "kie_timeout",
  kie_network: "kie_network",
  kie_server: "kie_server",
  kie_bad_response: "kie_server",
  // KIE's task failCodes (a numeric string) and HTTP-ish envelope codes.
  "400": "kie_content_policy",
  "401": "kie_unauthorized",
  "402": "kie_insufficient_credits",
  "422": "kie_validation",
  "429": "kie_rate_limited",
  "451": "kie_input_fetch_failed",
  "455": "kie_maintenance",
  "500": "kie_server",
  "501": "kie_server",
};

/** Which sentence explains a failure to the user; the raw reason is shown under it. */
export function kieErrorKey(item: Pick<LibraryItem, "errorCode" | "failureReason">): KieErrorKey {
  const byCode = item.errorCode ? BY_CODE[item.errorCode] : undefined;
  if (byCode) return byCode;
  const reason = item.failureReason?.toLowerCase() ?? "";
  if (/credit|balance/.test(reason)) return "kie_insufficient_credits";
  if (/maintenance/.test(reason)) return "kie_maintenance";
  if (/policy|sensitive|nsfw|safety|moderation/.test(reason)) return "kie_content_policy";
  return "generic";
}
