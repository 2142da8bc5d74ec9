import { randomUUID } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import path from "node:path";

import { sniffMedia, SNIFF_HEAD_BYTES } from "@lensroom/media";
import { FILE_SIZE_LIMIT, isStorageError, StorageError, type StorageDriver } from "@lensroom/storage";

import { DownloadError } from "../media-io/safe-download";
import type { CopiedOutput } from "./copy-outputs";

/** What the row records when the object it points at is gone from the bucket (and nothing else can replace it). */
const MISSING_FROM_BUCKET = "The file is not in the bucket any more";

/**
 * Reads an object already in our bucket (at a new or an old path) into `tempDir` through the driver, with the
 * downloads' size cap, and types it from its bytes as downloads are typed. No HTTP, no allow-list: it is ours.
 * A missing object is `StorageError("not_found")` worded for the row.
 */
export async function readBucketObject(storage: StorageDriver, objectKey: string, tempDir: string): Promise<CopiedOutput> {
  const partPath = path.join(tempDir, `.bucket-${randomUUID()}.part`);
  let bytes: number;
  try {
    ({ bytes } = await storage.download(objectKey, partPath, { maxBytes: FILE_SIZE_LIMIT }));
  } catch (error) {
    if (isStorageError(error, "not_found")) throw new StorageError("not_found", MISSING_FROM_BUCKET, { cause: error });
    throw error;
  }
  const media = sniffMedia(await readHead(partPath));
  if (!media) {
    await rm(partPath, { force: true });
    throw new DownloadError("not_media", `The file in the bucket (${objectKey}) is not an image or video`);
  }
  const filePath = path.join(tempDir, `bucket-${randomUUID()}.${media.ext}`);
  await rename(partPath, filePath);
  return { filePath, bytes, media, finalUrl: storage.publicUrl(objectKey), path: objectKey };
}

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(SNIFF_HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_HEAD_BYTES, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
