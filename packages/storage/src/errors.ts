export type StorageErrorCode =
  | "not_found"
  | "too_large"
  | "mime_not_allowed"
  | "duplicate"
  | "invalid_path"
  | "bucket_missing"
  /**
   * The storage server refused our key: HTTP 401/403, a body `statusCode` of "401"/"403", an `InvalidJWT` or
   * `AccessDenied` code, a signature that does not verify, or a key that is not the service-role key (which sees
   * every bucket as missing). Not transient: the configured key is wrong.
   */
  | "key_rejected"
  | "unavailable"
  | "unknown";

/** The only error a storage driver throws. `status` is the upstream HTTP status when there was one. */
export class StorageError extends Error {
  override readonly name = "StorageError";
  readonly code: StorageErrorCode;
  readonly status?: number;

  constructor(code: StorageErrorCode, message?: string, options?: { status?: number; cause?: unknown }) {
    super(message ?? code, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options?.status !== undefined) this.status = options.status;
  }
}

export function isStorageError(value: unknown, code?: StorageErrorCode): value is StorageError {
  return value instanceof StorageError && (code === undefined || value.code === code);
}

/** Passes a StorageError through; wraps anything else (fs errors, stream errors) as `unknown` with its cause. */
export function toStorageError(error: unknown, context: string): StorageError {
  if (error instanceof StorageError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageError("unknown", `${context}: ${detail}`, { cause: error });
}
