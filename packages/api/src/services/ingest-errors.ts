import { isKieApiError } from "@lensroom/kie";
import { isMediaError } from "@lensroom/media";
import { isStorageError } from "@lensroom/storage";

import { DownloadError } from "../media-io/safe-download";

/** How an ingest failure should end: retried by the job engine, or recorded on the row for good. */
export function classifyIngestError(error: unknown): { retryable: boolean; expired: boolean; reason: string } {
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof DownloadError) return { retryable: error.retryable, expired: error.code === "expired", reason };
  if (isMediaError(error)) return { retryable: error.code === "timeout", expired: false, reason };
  if (isStorageError(error)) {
    // An object missing from our own bucket does not come back by waiting. A refused key (`key_rejected`) is our
    // configuration, not the generation's fault: it is retried like an outage and heals once the key is fixed.
    const permanent = ["too_large", "mime_not_allowed", "invalid_path", "not_found"].includes(error.code);
    return { retryable: !permanent, expired: false, reason };
  }
  return { retryable: true, expired: false, reason };
}

/**
 * A short, bounded label for why an ingest step failed, for metrics: the error's own code prefixed by where it came
 * from (`download_expired`, `media_corrupt`, `storage_too_large`, `kie_timeout`), or `other`.
 */
export function ingestFailureReason(error: unknown): string {
  if (error instanceof DownloadError) return `download_${error.code}`;
  if (isMediaError(error)) return `media_${error.code}`;
  if (isStorageError(error)) return `storage_${error.code}`;
  if (isKieApiError(error)) return `kie_${error.kind}`;
  return "other";
}
