import { StorageApiError, isStorageError } from "@supabase/storage-js";
import { z } from "zod";
import { StorageError, type StorageErrorCode } from "./errors";

/** What a "404" means for the call that got it: an object, or the bucket itself. */
export type NotFoundMeaning = "not_found" | "bucket_missing";

/**
 * A Supabase Storage error body. The server answers most errors with HTTP 400 and puts the real status, as a
 * string, in `statusCode`, next to an error `code` (`NoSuchKey`, `EntityTooLarge`, ...); servers before 2024 and
 * the hosted API gateway send less (no `code`, or only a `message`).
 */
const errorBody = z.looseObject({
  statusCode: z.union([z.string(), z.number()]).optional().catch(undefined),
  code: z.string().optional().catch(undefined),
  error: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
});

const BY_CODE: Record<string, StorageErrorCode> = {
  NoSuchBucket: "bucket_missing",
  NoSuchKey: "not_found",
  InvalidMimeType: "mime_not_allowed",
  invalid_mime_type: "mime_not_allowed",
  EntityTooLarge: "too_large",
  BucketAlreadyExists: "duplicate",
  KeyAlreadyExists: "duplicate",
  ResourceAlreadyExists: "duplicate",
  InvalidKey: "invalid_path",
  InvalidJWT: "key_rejected",
  // Our key is the service role, which row-level security never limits: any AccessDenied means the key is not it.
  AccessDenied: "key_rejected",
};

const BY_STATUS: Record<number, StorageErrorCode> = {
  401: "key_rejected",
  403: "key_rejected",
  409: "duplicate",
  413: "too_large",
  415: "mime_not_allowed",
};

/** What jsonwebtoken, jose and the API gateway say about a key they cannot verify. */
const KEY_REFUSED = /invalid signature|invalid jwt|invalid compact jws|jwt malformed|jwt expired|signature verification failed|invalid api key|"exp" claim/i;

/**
 * Maps an error reply (HTTP status and parsed JSON body) to a StorageError: the body's `code` first, then its
 * `statusCode` (over the HTTP status, which is 400 for almost everything), then a message that says the key was
 * refused. A 404 means whatever `notFound` says; 429 and 5xx are `unavailable`.
 */
export function storageErrorFromReply(httpStatus: number, body: unknown, notFound: NotFoundMeaning, cause?: unknown): StorageError {
  const parsed = errorBody.safeParse(body);
  const reply = parsed.success ? parsed.data : {};
  const bodyStatus = Number.parseInt(String(reply.statusCode ?? ""), 10);
  const status = Number.isFinite(bodyStatus) ? bodyStatus : httpStatus;
  const message = reply.message ?? reply.error ?? `HTTP ${httpStatus}`;
  const code = codeFor({ httpStatus, status, code: reply.code, text: `${reply.error ?? ""} ${message}` }, notFound);
  const prefix = code === "key_rejected" ? "Supabase Storage refused the key" : "Supabase Storage";
  return new StorageError(code, `${prefix}: ${message}`, { status, cause });
}

/** Maps a storage-js error to a StorageError. Network failures become `unavailable`. */
export function mapSupabaseError(error: unknown, notFound: NotFoundMeaning): StorageError {
  if (error instanceof StorageError) return error;
  if (error instanceof StorageApiError) {
    // storage-js keeps the body's statusCode (or its code, or the HTTP status) in `statusCode`, and its message.
    return storageErrorFromReply(error.status, { statusCode: error.statusCode, code: error.code, message: error.message }, notFound, error);
  }
  if (isStorageError(error)) {
    return new StorageError("unavailable", `Supabase Storage unreachable: ${error.message}`, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageError("unknown", `Supabase Storage: ${detail}`, { cause: error });
}

interface ReplyFacts {
  httpStatus: number;
  status: number;
  code: string | undefined;
  text: string;
}

function codeFor({ httpStatus, status, code, text }: ReplyFacts, notFound: NotFoundMeaning): StorageErrorCode {
  const byCode = code === undefined ? undefined : BY_CODE[code];
  if (byCode !== undefined) return byCode;
  const byStatus = BY_STATUS[status] ?? BY_STATUS[httpStatus];
  if (byStatus !== undefined) return byStatus;
  if (KEY_REFUSED.test(text)) return "key_rejected";
  if (status === 404) return notFound;
  if (status >= 500 || status === 429 || httpStatus >= 500 || httpStatus === 429) return "unavailable";
  return "unknown";
}
