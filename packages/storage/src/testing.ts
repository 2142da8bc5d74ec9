import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { commitTempFile, writeTempFile } from "./atomic-file";
import { bucketSpec, normalizeMime } from "./bucket";
import { ByteLimit } from "./byte-limit";
import { StorageError } from "./errors";
import { objectFile } from "./local-layout";
import { readBucketSettings, writeBucketSettings, writeObjectMeta } from "./local-metadata";
import { DEFAULT_CACHE_CONTROL } from "./read-local-object";

/**
 * Test fixtures only: puts an object at an OLD path (any readable path, e.g. `<user>/image/<gen>_<ms>.png`) in a
 * local storage folder, as the old site's bucket holds it, which `upload` refuses on purpose. Writes exactly what
 * the local driver reads: the bytes and a sidecar describing that file version (so it is served with
 * `contentType`). Creates the bucket settings when the folder has none. Returns the object's size.
 */
export async function placeLegacyObject(rootDir: string, path: string, bytes: Buffer, contentType: string): Promise<number> {
  const mime = normalizeMime(contentType);
  if (mime === null) throw new StorageError("mime_not_allowed", `Content type ${JSON.stringify(contentType)} is not a media type`);
  const file = objectFile(rootDir, path);
  if ((await readBucketSettings(rootDir)) === null) await writeBucketSettings(rootDir, bucketSpec);
  const written = await writeTempFile(file, Readable.from([bytes]), new ByteLimit(Number.MAX_SAFE_INTEGER));
  await commitTempFile(written.tempFile, file, true);
  // The rename keeps the temp file's mtime; stat the object itself so the sidecar matches what readers see.
  const { mtimeMs, size } = await stat(file);
  await writeObjectMeta(file, {
    contentType: mime,
    bytes: size,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    cacheControl: DEFAULT_CACHE_CONTROL,
    mtimeMs,
  });
  return size;
}
