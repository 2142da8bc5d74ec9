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
  | UpstreamExpiryKey
  | KieBehaviourKey
  | LegacyKey
  | "generic";

/** An expiry KIE caused: it forgot the task, or the task is older than the 14 days KIE keeps results. */
type UpstreamExpiryKey = "kie_task_unknown" | "kie_retention" | "kie_result_expired";
/** Ends we decide on KIE's behalf: it never finished the task, or reported success with nothing to copy. */
type KieBehaviourKey = "kie_gave_up" | "kie_no_result";
/** How the old site ended a generation we adopted (packages/db's adoption writes these codes). */
type LegacyKey = "legacy_failed" | "legacy_cancelled" | "legacy_duplicate_task" | "legacy_no_copy" | "legacy_status";

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
  kie_generation_failed: "generic",
  kie_task_unknown: "kie_task_unknown",
  kie_retention: "kie_retention",
  kie_result_expired: "kie_result_expired",
  kie_gave_up: "kie_gave_up",
  kie_no_result: "kie_no_result",
  legacy_failed: "legacy_failed",
  legacy_cancelled: "legacy_cancelled",
  legacy_duplicate_task: "legacy_duplicate_task",
  legacy_no_copy: "legacy_no_copy",
  legacy_status: "legacy_status",
  // KIE's task failCodes (a numeric string) and HTTP-ish envelope codes.
  "400": "kie_content_policy",
  "401": "kie_unauthorized",
  "402": "kie_insufficient_credits",
  "408": "kie_timeout",
  "422": "kie_validation",
  "429": "kie_rate_limited",
  "451": "kie_input_fetch_failed",
  "455": "kie_maintenance",
  "500": "kie_server",
  // 501 is KIE's "Generation Failed": the task failed, not the service.
  "501": "generic",
};

/**
 * Codes whose stored message is our own English (details for staff), not KIE's or the old site's words: the
 * sentence says it all. `legacy_failed` and `legacy_cancelled` keep the old site's own message, when it left one.
 */
const OWN_WORDS: ReadonlySet<string> = new Set<string>([
  ...(["kie_task_unknown", "kie_retention", "kie_result_expired"] satisfies UpstreamExpiryKey[]),
  ...(["kie_gave_up", "kie_no_result"] satisfies KieBehaviourKey[]),
  "legacy_status",
  "legacy_no_copy",
  "legacy_duplicate_task",
]);

/**
 * Whether the row's end has a sentence of its own: every failure (KIE's or ours), and an expiry KIE or the old site
 * reported (it carries a code). An expiry without a code is ours (KIE's link died while we copied) and says just that.
 */
export function endHasSentence(item: Pick<LibraryItem, "status" | "errorCode">): boolean {
  return item.status === "failed" || (item.status === "expired" && item.errorCode !== null);
}

/** The raw reason shown under the sentence: KIE's or the old site's own words, when there are any. */
export function rawReason(item: Pick<LibraryItem, "errorCode" | "failureReason">): string | null {
  return item.errorCode && OWN_WORDS.has(item.errorCode) ? null : item.failureReason;
}

/** Which sentence explains a failure or a reported expiry to the user; the raw reason is shown under it. */
export function kieErrorKey(item: Pick<LibraryItem, "errorCode" | "failureReason">): KieErrorKey {
  const byCode = item.errorCode ? BY_CODE[item.errorCode] : undefined;
  if (byCode) return byCode;
  const reason = item.failureReason?.toLowerCase() ?? "";
  if (/credit|balance/.test(reason)) return "kie_insufficient_credits";
  if (/maintenance/.test(reason)) return "kie_maintenance";
  if (/policy|sensitive|nsfw|safety|moderation/.test(reason)) return "kie_content_policy";
  return "generic";
}
