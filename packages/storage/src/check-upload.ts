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
 * known size within `maxBytes`, and a numeric cache max-age.
 */
export function checkUpload(path: string, body: UploadBody, opts: UploadOptions, maxBytes = FILE_SIZE_LIMIT): CheckedUpload {
  const checked = checkUploadRequest(path, body, opts);
  checkKnownSize(checked, maxBytes);
  return checked;
}

/** A known size over `maxBytes` fails with `too_large` before any byte is sent. */
export function checkKnownSize(checked: CheckedUpload, maxBytes: number): void {
  if (checked.knownBytes !== null && checked.knownBytes > maxBytes) throw tooLarge(maxBytes);
}

/** The checks that need no size limit (path, mime type, declared length, cache max-age); reads the known size. */
export function checkUploadRequest(path: string, body: UploadBody, opts: UploadOptions): CheckedUpload {
  parseObjectPath(path);
  const contentType = normalizeMime(opts.contentType);
  if (contentType === null || !isMimeAllowed(contentType)) {
    throw new StorageError("mime_not_allowed", `Content type ${JSON.stringify(opts.contentType)} is not allowed`);
  }
  const declared = opts.contentLength;
  if (declared !== undefined && !(Number.isSafeInteger(declared) && declared >= 0)) {
    throw new StorageError("unknown", `contentLength must be a whole number of bytes, got ${declared}`);
  }
  const knownBytes = Buffer.isBuffer(body) ? body.length : (declared ?? null);
  const cacheControl = opts.cacheControl ?? "3600";
  if (!/^\d{1,10}$/.test(cacheControl)) {
    throw new StorageError("unknown", `cacheControl must be a max-age in seconds, got ${JSON.stringify(cacheControl)}`);
  }
  return { contentType, upsert: opts.upsert ?? true, maxAge: Number(cacheControl), knownBytes };
}
