import { isMediaError } from "@lensroom/media";
import { isStorageError } from "@lensroom/storage";

import { DownloadError } from "../media-io/safe-download";

/** How an ingest failure should end: retried by the job engine, or recorded on the row for good. */
export function classifyIngestError(error: unknown): { retryable: boolean; expired: boolean; reason: string } {
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof DownloadError) return { retryable: error.retryable, expired: error.code === "expired", reason };
  if (isMediaError(error)) return { retryable: error.code === "timeout", expired: false, reason };
  if (isStorageError(error)) {
    const permanent = ["too_large", "mime_not_allowed", "invalid_path"].includes(error.code);
    return { retryable: !permanent, expired: false, reason };
  }
  return { retryable: true, expired: false, reason };
}
