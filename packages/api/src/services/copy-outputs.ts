import { createReadStream } from "node:fs";

import type { KieClient } from "@lensroom/kie";
import { objectPath, type StorageDriver } from "@lensroom/storage";

import { DownloadError, downloadToFile, type DownloadedFile, type LookupAll } from "../media-io/safe-download";
import { isGenerationsOwnPath } from "./generation-paths";
import { readBucketObject } from "./read-bucket-object";
import { uploadWithRetry } from "./upload-with-retry";

export interface CopiedOutput extends DownloadedFile {
  path: string;
}

export interface CopyOutputsDeps {
  kie: KieClient;
  storage: StorageDriver;
  allowedHosts: string[];
  allowPrivateAddresses: boolean;
  tempDir: string;
  /** DNS resolution for downloads (tests point names at loopback); the system resolver when absent. */
  lookup?: LookupAll;
  /** The object path when a URL is one of our own bucket's (`ownBucketPath`), else null. */
  bucketPathOf: (url: string) => string | null;
}

/** Download one result; when KIE's link has expired, ask KIE for a fresh download link once. */
async function downloadWithRefresh(deps: CopyOutputsDeps, url: string, fromKie: boolean): Promise<DownloadedFile> {
  const options = { allowedHosts: deps.allowedHosts, allowPrivateAddresses: deps.allowPrivateAddresses, destDir: deps.tempDir, lookup: deps.lookup };
  try {
    return await downloadToFile(url, options);
  } catch (error) {
    if (!(fromKie && error instanceof DownloadError && error.code === "expired")) throw error;
    const fresh = await deps.kie.getDownloadUrl(url).catch(() => null);
    if (!fresh) throw error;
    return downloadToFile(fresh, options);
  }
}

/**
 * Copy every output into the bucket at deterministic paths (`original.ext`, `original-1.ext`, ...), streamed from
 * a temp file with an explicit content type. Re-running overwrites the same objects: no orphan copies.
 * A URL of our own bucket is read through the driver; when the object is this generation's (its folder, or an old
 * path of its owner) it stays where it is, since it is already copied, else it is copied into the folder.
 */
export async function copyOutputs(
  deps: CopyOutputsDeps,
  target: { userId: string; generationId: string },
  sources: { urls: string[]; fromKie: boolean },
): Promise<CopiedOutput[]> {
  const copied: CopiedOutput[] = [];
  for (const [index, url] of sources.urls.entries()) {
    const ownPath = deps.bucketPathOf(url);
    if (ownPath !== null && isGenerationsOwnPath(ownPath, target.userId, target.generationId)) {
      copied.push(await readBucketObject(deps.storage, ownPath, deps.tempDir));
      continue;
    }
    const file = ownPath !== null ? await readBucketObject(deps.storage, ownPath, deps.tempDir) : await downloadWithRefresh(deps, url, sources.fromKie);
    // An output kept in place may already hold this index's name: take the next free one (still deterministic).
    let path = outputPath(target, index, file.media.ext);
    for (let next = index + 1; copied.some((output) => output.path === path); next++) path = outputPath(target, next, file.media.ext);
    await uploadWithRetry(deps.storage, path, () => createReadStream(file.filePath), {
      contentType: file.media.mime,
      contentLength: file.bytes,
      upsert: true,
      cacheControl: "31536000",
    });
    copied.push({ ...file, path });
  }
  return copied;
}

function outputPath(target: { userId: string; generationId: string }, index: number, ext: string): string {
  return objectPath(target.userId, target.generationId, index === 0 ? `original.${ext}` : `original-${index}.${ext}`);
}
