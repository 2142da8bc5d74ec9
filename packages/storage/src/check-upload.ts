import { FILE_SIZE_LIMIT, isMimeAllowed, normalizeMime, parseObjectPath } from "./bucket";
import { tooLarge } from "./byte-limit";
import type { UploadBody, UploadOptions } from "./driver";
import { StorageError } from "./errors";

export interface CheckedUpload {
  contentType: string;
  upsert: boolean;
  /** max-age in seconds */
  maxAge: number;
  /** Known size (Buffer length or declared contentLength), if any. */
  knownBytes: number | null;
}

/**
 * The checks every driver runs before touching the backend: valid path, allowed mime type,
 * known size within the limit, and a numeric cache max-age.
 */
export function checkUpload(path: string, body: UploadBody, opts: UploadOptions): CheckedUpload {
  parseObjectPath(path);
  const contentType = normalizeMime(opts.contentType);
  if (contentType === null || !isMimeAllowed(contentType)) {
    throw new StorageError("mime_not_allowed", `Content type ${JSON.stringify(opts.contentType)} is not allowed`);
  }
  const knownBytes = Buffer.isBuffer(body) ? body.length : (opts.contentLength ?? null);
  if (knownBytes !== null && knownBytes > FILE_SIZE_LIMIT) throw tooLarge(FILE_SIZE_LIMIT);
  const cacheControl = opts.cacheControl ?? "3600";
  if (!/^\d{1,10}$/.test(cacheControl)) {
    throw new StorageError("unknown", `cacheControl must be a max-age in seconds, got ${JSON.stringify(cacheControl)}`);
  }
  return { contentType, upsert: opts.upsert ?? true, maxAge: Number(cacheControl), knownBytes };
}
