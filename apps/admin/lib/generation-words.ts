/**
 * Which message words a generation's stored values: status (legacy `completed` reads as success), type, media
 * status and the error codes that have a reason of their own. Anything else is shown as stored.
 */
export const GENERATION_STATUSES = ["queued", "generating", "success", "failed", "expired"] as const;
export const GENERATION_TYPES = ["photo", "video", "audio"] as const;
const MEDIA_STATUSES = ["none", "pending", "ready", "failed", "expired"] as const;
/** Codes whose stored message is our own English (the reason says it all); the rest carry KIE's or the old site's words. */
const OWN_WORDS = ["kie_task_unknown", "kie_retention", "kie_result_expired", "kie_gave_up", "kie_no_result"] as const;
const LEGACY_CODES = ["legacy_failed", "legacy_cancelled", "legacy_duplicate_task", "legacy_no_copy", "legacy_status"] as const;
const REASON_CODES = [...OWN_WORDS, ...LEGACY_CODES] as const;

export type GenerationTypeWord = (typeof GENERATION_TYPES)[number];

const find = <T extends string>(list: readonly T[], value: string | null | undefined): T | undefined => list.find((item) => item === value);

export const statusWord = (status: string) => find(GENERATION_STATUSES, status === "completed" ? "success" : status);
export const typeWord = (type: string | null | undefined) => find(GENERATION_TYPES, type);
export const mediaStatusWord = (status: string) => find(MEDIA_STATUSES, status);
export const reasonCode = (errorCode: string | null) => find(REASON_CODES, errorCode);

/** The stored message to show under a code's reason: none when it is our own English. */
export const rawReason = (errorCode: string | null, reason: string | null) => (find(OWN_WORDS, errorCode) ? null : reason);

/** Why re-sync cannot help a row: the old site ended it, KIE no longer has it, or KIE refused it. */
export function resyncRefusal(row: { status: string; errorCode: string | null }): "resyncLegacy" | "resyncExpired" | "resyncKieFailed" {
  if (find(LEGACY_CODES, row.errorCode)) return "resyncLegacy";
  return row.status === "expired" ? "resyncExpired" : "resyncKieFailed";
}
