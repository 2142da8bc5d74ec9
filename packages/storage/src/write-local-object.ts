import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { FILE_SIZE_LIMIT, isMimeAllowed } from "./bucket";
import { ByteLimit, tooLarge } from "./byte-limit";
import { checkUpload } from "./check-upload";
import { commitTempFile, isErrno, writeTempFile } from "./atomic-file";
import type { UploadBody, UploadOptions, UploadResult } from "./driver";
import { StorageError, toStorageError } from "./errors";
import { objectFile } from "./local-layout";
import { readBucketSettings, writeObjectMeta } from "./local-metadata";

/**
 * Uploads into the local store with the rules Supabase applies: the bucket must exist, its mime list and size
 * limit hold (streams are counted while written), and the object appears at its final path only when complete.
 */
export async function writeLocalObject(rootDir: string, path: string, body: UploadBody, opts: UploadOptions): Promise<UploadResult> {
  const checked = checkUpload(path, body, opts);
  const bucket = await readBucketSettings(rootDir);
  if (bucket === null) throw new StorageError("bucket_missing", "Bucket not found; run ensureBucket()");
  if (!isMimeAllowed(checked.contentType, bucket.allowedMimeTypes)) {
    throw new StorageError("mime_not_allowed", `mime type ${checked.contentType} is not supported`);
  }
  const limit = Math.min(FILE_SIZE_LIMIT, bucket.fileSizeLimit ?? FILE_SIZE_LIMIT);
  if (checked.knownBytes !== null && checked.knownBytes > limit) throw tooLarge(limit);

  const file = objectFile(rootDir, path);
  if (!checked.upsert && (await isFile(file))) throw new StorageError("duplicate", "The object already exists");
  try {
    const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
    const written = await writeTempFile(file, source, new ByteLimit(limit));
    await commitTempFile(written.tempFile, file, checked.upsert);
    await writeObjectMeta(file, {
      contentType: checked.contentType,
      bytes: written.bytes,
      sha256: written.sha256,
      cacheControl: `public, max-age=${checked.maxAge}`,
      mtimeMs: written.mtimeMs,
    });
    return { path, bytes: written.bytes };
  } catch (error) {
    throw toStorageError(error, `upload of ${path} failed`);
  }
}

export async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (error) {
    if (isErrno(error, "ENOENT") || isErrno(error, "ENOTDIR")) return false;
    throw toStorageError(error, `cannot stat ${file}`);
  }
}
