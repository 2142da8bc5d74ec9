import { StorageApiError, isStorageError } from "@supabase/storage-js";
import { StorageError, type StorageErrorCode } from "./errors";

/** What a "404" means for the call that got it: an object, or the bucket itself. */
export type NotFoundMeaning = "not_found" | "bucket_missing";

const BY_STATUS_CODE: Record<string, StorageErrorCode> = {
  "409": "duplicate",
  "413": "too_large",
  "415": "mime_not_allowed",
};

/**
 * Maps a storage-js error to a StorageError. Supabase answers most errors with HTTP 400 and the real code in the
 * body (`{ statusCode: "409", error: "Duplicate" }`); storage-js exposes it as `statusCode`, so that wins over the
 * HTTP status. Network failures and 5xx become `unavailable`.
 */
export function mapSupabaseError(error: unknown, notFound: NotFoundMeaning): StorageError {
  if (error instanceof StorageError) return error;
  if (error instanceof StorageApiError) {
    const statusCode = Number.parseInt(error.statusCode, 10);
    const status = Number.isFinite(statusCode) ? statusCode : error.status;
    const code = codeFor(status, error.code, notFound);
    return new StorageError(code, `Supabase Storage: ${error.message}`, { status, cause: error });
  }
  if (isStorageError(error)) {
    return new StorageError("unavailable", `Supabase Storage unreachable: ${error.message}`, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageError("unknown", `Supabase Storage: ${detail}`, { cause: error });
}

function codeFor(status: number, code: string | undefined, notFound: NotFoundMeaning): StorageErrorCode {
  if (code === "NoSuchBucket") return "bucket_missing";
  if (code === "NoSuchKey") return "not_found";
  if (code === "InvalidMimeType" || code === "invalid_mime_type") return "mime_not_allowed";
  if (code === "EntityTooLarge") return "too_large";
  const known = BY_STATUS_CODE[String(status)];
  if (known !== undefined) return known;
  if (status === 404) return notFound;
  if (status >= 500 || status === 429) return "unavailable";
  return "unknown";
}
