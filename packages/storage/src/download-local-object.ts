import { open, type FileHandle } from "node:fs/promises";
import { FILE_SIZE_LIMIT } from "./bucket";
import { ByteLimit, tooLarge } from "./byte-limit";
import { commitTempFile, isErrno, writeTempFile } from "./atomic-file";
import type { DownloadObjectOptions, DownloadObjectResult } from "./driver";
import { StorageError, toStorageError } from "./errors";
import { objectFile } from "./local-layout";
import { readBucketSettings, readObjectMeta } from "./local-metadata";

/**
 * Copies an object of the local store into `destFile` through a temp file next to it, like Supabase's
 * authenticated download: the bucket need not be public, but it must exist. The content type is the sidecar's
 * when the sidecar describes this exact file version, as when serving it.
 */
export async function downloadLocalObject(
  rootDir: string,
  path: string,
  destFile: string,
  { maxBytes = FILE_SIZE_LIMIT }: DownloadObjectOptions = {},
): Promise<DownloadObjectResult> {
  const file = objectFile(rootDir, path);
  if ((await readBucketSettings(rootDir)) === null) throw new StorageError("bucket_missing", "Bucket not found; run ensureBucket()");
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if (isErrno(error, "ENOENT") || isErrno(error, "ENOTDIR") || isErrno(error, "EISDIR")) throw notFound(path);
    throw toStorageError(error, `cannot open ${path}`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw notFound(path);
    if (stat.size > maxBytes) throw tooLarge(maxBytes);
    const meta = await readObjectMeta(file);
    const current = meta !== null && meta.bytes === stat.size && meta.mtimeMs === stat.mtimeMs;
    const written = await writeTempFile(destFile, handle.createReadStream({ autoClose: false }), new ByteLimit(maxBytes));
    await commitTempFile(written.tempFile, destFile, true);
    return { bytes: written.bytes, contentType: current ? meta.contentType : "application/octet-stream" };
  } catch (error) {
    throw toStorageError(error, `download of ${path} failed`);
  } finally {
    await handle.close();
  }
}

function notFound(path: string): StorageError {
  return new StorageError("not_found", `Object ${path} not found`);
}
